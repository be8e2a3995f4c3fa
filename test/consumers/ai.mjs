// omnigate/ai as users load it from the installed tarball, ESM: a provider built from a Client made by the main
// entry point (so the two entry points share one Client class), and a 401 as the AI SDK's APICallError.
import { APICallError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { AuthError, Client } from 'omnigate';
import { createOmnigate } from 'omnigate/ai';

const baseURL = process.argv[2];
const omnigate = createOmnigate(new Client({ baseURL, apiKey: 'llmg_consumer' }));
const { text, providerMetadata } = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' });
const failed = await generateText({ model: createOmnigate({ baseURL, apiKey: 'llmg_bad' })('x'), prompt: 'hi', maxRetries: 0 }).catch(
  (err) => [APICallError.isInstance(err), err.statusCode, err.cause instanceof AuthError],
);
console.log(JSON.stringify({ text, provider: providerMetadata.omnigate.provider, failed }));
