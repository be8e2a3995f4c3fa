// omnigate/ai under `ai` 7 (which needs Node 22): `node22 test/runtimes/ai7.mjs <baseURL>` prints what it got as JSON.
// `ai` resolves from test/runtimes/node_modules (ai 7); omnigate/ai is the build (dist/ai.js).
import { readFileSync } from 'node:fs';
import { APICallError, generateText, streamText } from 'ai';
import { createOmnigate } from '../../dist/ai.js';

const baseURL = process.argv[2];
const omnigate = createOmnigate({ baseURL, apiKey: 'llmg_ai7_ai7_ai7_ai7_ai7_ai7_ai7_ai7_ai7_ai7_ai7' });
const result = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' });
const streamed = streamText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' });
const text = await streamed.text;
const streamUsage = await streamed.usage;
const error = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi', maxRetries: 0, headers: { 'x-case': '429' } }).catch(
  (err) => [APICallError.isInstance(err), err.statusCode, err.isRetryable, err.cause?.name],
);
// The same call both ways: the same providerMetadata.omnigate fields.
const streamedMeta = (await streamed.providerMetadata)?.omnigate ?? {};
const parity =
  Object.keys(streamedMeta).sort().join() ===
  Object.keys(result.providerMetadata?.omnigate ?? {})
    .sort()
    .join();
// doStream directly, on a stream that fails in band: the provider itself closes the text and finishes with 'error'.
const { stream } = await omnigate('gpt-4o-mini').doStream({
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  headers: { 'x-case': 'stream-error' },
});
const parts = [];
for (const reader = stream.getReader(); ; ) {
  const next = await reader.read();
  if (next.done) break;
  parts.push(next.value);
}
const afterError = [...parts.slice(-3).map((p) => p.type), parts.at(-1).finishReason?.unified];
const aiVersion = JSON.parse(readFileSync(new URL('./node_modules/ai/package.json', import.meta.url), 'utf8')).version;
console.log(
  JSON.stringify({
    aiVersion,
    text: result.text,
    finishReason: result.finishReason,
    usage: [result.usage.inputTokens, result.usage.outputTokens],
    requestId: result.providerMetadata?.omnigate?.requestId,
    costUsd: result.providerMetadata?.omnigate?.costUsd,
    streamed: text,
    streamUsage: [streamUsage.inputTokens, streamUsage.outputTokens],
    error,
    parity,
    afterError,
  }),
);
