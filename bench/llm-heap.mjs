// The heap an idle open LLM stream holds (issue 26), one contender in this fresh process: `node --expose-gc
// bench/llm-heap.mjs URL KEY CONTENDER N` prints KB per stream. Each stream is opened, read to its first text, and
// held. Twenty are opened and closed first, so what a first use costs once (compiled code, shapes, the connection
// pool's own state) is not charged to the streams; the figure is the heap the next N add. In a fresh process so that
// no contender's leftovers (sockets still closing, a collector mid-cycle) fall into another's figure: in one process
// the same contender read anywhere from 12 to 46 KB depending on what ran before it.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { createOmnigate } from '../dist/ai.js';
import { Client } from '../dist/index.js';

export const HEAP_CONTENDERS = [
  'fetch + hand SSE parser',
  'completionsStream',
  'openai SDK',
  'streamText + omnigate/ai',
  'streamText + @ai-sdk/openai-compatible',
];
const FIRST_TOKEN = ' the'; // bench/server.mjs's first piece of text

function openers(url, key) {
  globalThis.AI_SDK_LOG_WARNINGS = false;
  const request = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me about foxes' }] };
  const hold = { 'x-bench-frames': '1', 'x-bench-hold': '1' };
  const sdk = new Client({ baseURL: url, apiKey: key, logLevel: 'off' });
  const oai = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
  const omnigate = createOmnigate(sdk);
  const compatible = createOpenAICompatible({ name: 'bench', baseURL: `${url}/v1`, apiKey: key });
  const chunkText = (chunk) => !!chunk.choices[0]?.delta?.content;
  /** Opens a stream and reads until `hasText` says an item carried text; the closer leaves it. */
  const held = (iterable, hasText) => async () => {
    const it = iterable()[Symbol.asyncIterator]();
    while (!hasText((await it.next()).value));
    return () => it.return();
  };
  return {
    'fetch + hand SSE parser': async () => {
      const headers = { 'content-type': 'application/json', 'x-api-key': key, ...hold };
      const body = JSON.stringify({ ...request, stream: true });
      const reader = (await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body })).body.getReader();
      const decoder = new TextDecoder();
      while (!decoder.decode((await reader.read()).value, { stream: true }).includes(FIRST_TOKEN));
      return () => reader.cancel();
    },
    completionsStream: held(() => sdk.completionsStream(request, { headers: hold }), chunkText),
    'openai SDK': async () => {
      const stream = await oai.chat.completions.create({ ...request, stream: true }, { headers: hold });
      const it = stream[Symbol.asyncIterator]();
      while (!chunkText((await it.next()).value));
      return () => stream.controller.abort();
    },
    'streamText + omnigate/ai': held(
      () => streamText({ model: omnigate('gpt-4o-mini'), prompt: 'hi', headers: hold, onError() {} }).textStream,
      Boolean,
    ),
    'streamText + @ai-sdk/openai-compatible': held(
      () => streamText({ model: compatible.chatModel('gpt-4o-mini'), prompt: 'hi', headers: hold, onError() {} }).textStream,
      Boolean,
    ),
  };
}

async function measure(url, key, name, n) {
  const open = openers(url, key)[name];
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 300));
    globalThis.gc();
    globalThis.gc();
  };
  const warm = await Promise.all(Array.from({ length: 20 }, open));
  await Promise.all(warm.map((close) => close()));
  await settle();
  const before = process.memoryUsage().heapUsed;
  const closers = await Promise.all(Array.from({ length: n }, open));
  await settle();
  const kb = (process.memoryUsage().heapUsed - before) / n / 1024;
  await Promise.all(closers.map((close) => close()));
  return kb;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, key, name, n] = process.argv.slice(2);
  process.stdout.write(String(await measure(url, key, name, Number(n))));
  process.exit(0);
}
