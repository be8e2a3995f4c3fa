// The gateway's model catalogue as data: each model's price and its card (the routing rules are src/core/routing.ts).
// The figures are the gateway 0.2.0's own list prices (USD per 1,000 tokens); `/v1/models` lists them sorted.

import { type ProviderName, providerFor } from '../core/routing.js';

const PRICES: Record<string, [input: number, output: number]> = {
  'claude-3-5-haiku-latest': [0.0008, 0.004],
  'claude-3-5-sonnet-20241022': [0.003, 0.015],
  'claude-3-5-sonnet-latest': [0.003, 0.015],
  'claude-3-7-sonnet-latest': [0.003, 0.015],
  'claude-3-haiku': [0.00025, 0.00125],
  'claude-3-opus-latest': [0.015, 0.075],
  'claude-3-sonnet': [0.003, 0.015],
  'claude-opus-4': [0.015, 0.075],
  'claude-sonnet-4': [0.003, 0.015],
  'gemini-1.0-pro': [0.0005, 0.0015],
  'gemini-1.5-flash': [0.000075, 0.0003],
  'gemini-1.5-flash-8b': [0.0000375, 0.00015],
  'gemini-1.5-pro': [0.00125, 0.005],
  'gemini-2.0-flash': [0.0001, 0.0004],
  'gemini-2.0-flash-lite': [0.000075, 0.0003],
  'gpt-3.5-turbo': [0.0005, 0.0015],
  'gpt-4': [0.03, 0.06],
  'gpt-4-turbo': [0.01, 0.03],
  'gpt-4.1': [0.002, 0.008],
  'gpt-4.1-mini': [0.0004, 0.0016],
  'gpt-4.1-nano': [0.0001, 0.0004],
  'gpt-4o': [0.0025, 0.01],
  'gpt-4o-mini': [0.00015, 0.0006],
  o1: [0.015, 0.06],
  'o1-mini': [0.0011, 0.0044],
  o3: [0.01, 0.04],
  'o3-mini': [0.0011, 0.0044],
  'o4-mini': [0.0011, 0.0044],
};

/** How each provider names itself in its errors (`OpenAI error 401: ...`). */
export const DISPLAY: Record<ProviderName, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
  azure: 'Azure OpenAI',
};

/** A model's price: exact (case-sensitive, as the gateway's lookup is), then without `azure/`, then without dated suffixes. */
export function priceOf(model: string): [number, number] | undefined {
  let name = model.trim().replace(/^azure\//, '');
  if (PRICES[model]) return PRICES[model];
  for (let previous = ''; name !== previous; ) {
    if (PRICES[name]) return PRICES[name];
    previous = name;
    name = name.replace(/-(?:\d{4}-\d{2}-\d{2}|\d{6,8}|\d{3})$/, '');
  }
  return undefined;
}

/** Cost in USD, rounded to six decimals as the gateway stores it. */
export function costOf(model: string, prompt: number, completion: number): number {
  const price = priceOf(model);
  if (!price) return 0;
  return Math.round(((prompt / 1000) * price[0] + (completion / 1000) * price[1]) * 1e6) / 1e6;
}

export interface ModelCard {
  id: string;
  object: 'model';
  created: 0;
  owned_by: string;
  provider: string;
  pricing: { input_per_1k_usd: number; output_per_1k_usd: number } | null;
}

export function card(id: string): ModelCard | undefined {
  const price = priceOf(id);
  if (!price && !PRICES[id]) return undefined;
  const provider = providerFor(id) ?? 'unknown';
  return {
    id,
    object: 'model',
    created: 0,
    owned_by: provider === 'gemini' ? 'google' : provider,
    provider,
    pricing: price ? { input_per_1k_usd: price[0], output_per_1k_usd: price[1] } : null,
  };
}

export const cards = (): ModelCard[] => Object.keys(PRICES).map((id) => card(id)!);
