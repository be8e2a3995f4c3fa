// Which provider the gateway routes a model name to: its prefix rules (0.2.0), ignoring case. Shared by the mock
// (which routes by them), and by omnigate/otel and omnigate/ai (which name the provider before any header says so).
// Not loaded by `import { Client }`.

export type ProviderName = 'openai' | 'anthropic' | 'gemini' | 'azure';

const ROUTES: Array<[RegExp, ProviderName]> = [
  [/^(gpt|o1|o3|o4|chatgpt)/i, 'openai'],
  [/^claude/i, 'anthropic'],
  [/^(models\/)?gemini/i, 'gemini'],
  [/^azure[/-]/i, 'azure'],
];

/** The provider a model name routes to (by prefix, ignoring case), or undefined when none does. */
export function providerFor(model: string): ProviderName | undefined {
  return ROUTES.find(([prefix]) => prefix.test(model))?.[1];
}
