// omnigate/ai as users load it from the installed tarball, CommonJS.
const { APICallError } = require('@ai-sdk/provider');
const { generateText } = require('ai');
const { AuthError, Client } = require('omnigate');
const { createOmnigate } = require('omnigate/ai');

(async () => {
  const baseURL = process.argv[2];
  const omnigate = createOmnigate(new Client({ baseURL, apiKey: 'llmg_consumer' }));
  const { text, providerMetadata } = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' });
  const bad = createOmnigate({ baseURL, apiKey: 'llmg_bad' })('x');
  const failed = await generateText({ model: bad, prompt: 'hi', maxRetries: 0 }).catch((err) => [
    APICallError.isInstance(err),
    err.statusCode,
    err.cause instanceof AuthError,
  ]);
  console.log(JSON.stringify({ text, provider: providerMetadata.omnigate.provider, failed }));
})();
