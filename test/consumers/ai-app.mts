// omnigate/ai in a strict TypeScript app (no skipLibCheck): the provider's types meet the AI SDK's own.
import { generateText, type LanguageModel } from 'ai';
import { createOmnigate, type OmnigateProvider } from 'omnigate/ai';

const omnigate: OmnigateProvider = createOmnigate({ baseURL: process.argv[2]!, apiKey: 'llmg_consumer' });
const model: LanguageModel = omnigate.chat('gpt-4o-mini');
const { text, providerMetadata } = await generateText({ model, prompt: 'hi', providerOptions: { omnigate: { userId: 'u-1' } } });
const provider: unknown = providerMetadata?.omnigate?.provider;
console.log(JSON.stringify({ text, provider }));
