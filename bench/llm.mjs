// LLM-shaped streams (issue 26): hundreds of tiny frames, each its own socket write, one stream at a time, 200 at
// once as fast as the socket goes, and 200 at once a frame every 10 ms. For the compat route's SSE: the floor (fetch
// and a hand-written SSE parser), completionsStream (validating, and not), the OpenAI SDK, fetch with
// eventsource-parser, and the AI SDK's streamText over omnigate/ai, over @ai-sdk/openai-compatible, and over the
// least provider that can be written (fetch, the hand parser, the parts); for the plain-text route: fetch with a
// TextDecoder (and the same as an async generator), and chatStream. Measured: the client's CPU per frame, the time to the first token, the heap an idle
// open stream holds. Ratios are medians over rounds of each round's ratio to the floor.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { createOmnigate } from '../dist/ai.js';
import { Client } from '../dist/index.js';
import { HEAP_CONTENDERS } from './llm-heap.mjs';
import { TOKENS } from './wire.mjs';

globalThis.AI_SDK_LOG_WARNINGS = false;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const FLOOR = 'fetch + hand SSE parser';
const TEXT_FLOOR = 'fetch + TextDecoder';
const ITERABLE_FLOOR = 'fetch + hand SSE parser, as an async generator';
const TEXT_ITERABLE_FLOOR = 'fetch + TextDecoder, as an async generator';
const STREAMTEXT_FLOOR = 'streamText + least provider';

/** The hand-written floor: a TextDecoder, `\n\n` found with indexOf, each `data: ` payload parsed. */
export async function handSse(body, onText) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const data = buffer.startsWith('data: ') ? buffer.slice(6, end) : '';
      buffer = buffer.slice(end + 2);
      if (data && data !== '[DONE]') {
        const text = JSON.parse(data).choices[0]?.delta?.content;
        if (text) onText(text);
      }
      end = buffer.indexOf('\n\n');
    }
  }
}

/** The floor as an async iterable of chunks: what the least SDK that hands out `for await` costs over the floor. */
export async function* handSseChunks(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const data = buffer.startsWith('data: ') ? buffer.slice(6, end) : '';
      buffer = buffer.slice(end + 2);
      if (data && data !== '[DONE]') yield JSON.parse(data);
      end = buffer.indexOf('\n\n');
    }
  }
}

/** The plain-text floor: a streaming TextDecoder, each piece handed on. */
export async function handText(body, onText) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const piece = decoder.decode(value, { stream: true });
    if (piece) onText(piece);
  }
}

/** The plain-text floor as an async iterable: what handing out `for await` costs, with no line of ours. */
export async function* decoded(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const text = decoder.decode(value, { stream: true });
    if (text) yield text;
  }
}

/** The least AI SDK provider: fetch, the hand parser, the stream parts. What streamText costs over a raw stream. */
function leastModel(url, key) {
  return {
    specificationVersion: 'v3',
    provider: 'bench.least',
    modelId: 'gpt-4o-mini',
    supportedUrls: {},
    doGenerate() {
      throw new Error('streams only');
    },
    async doStream(options) {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, ...options.headers },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }),
      });
      const stream = new ReadableStream({
        async start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'text-start', id: '0' });
          await handSse(response.body, (delta) => controller.enqueue({ type: 'text-delta', id: '0', delta }));
          controller.enqueue({ type: 'text-end', id: '0' });
          const usage = { inputTokens: { total: 1 }, outputTokens: { total: 1 } };
          controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage });
          controller.close();
        },
      });
      return { stream };
    },
  };
}

/** `pick`: only the contenders whose names it matches (and the floors), to look at a few while working on them. */
export async function llmStreams({ url, key, quick, record, log, pick }) {
  const FRAMES = quick ? 40 : 400;
  const expected = Array.from({ length: FRAMES }, (_, i) => TOKENS[i % TOKENS.length].length).reduce((a, b) => a + b, 0);
  const request = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me about foxes' }] };
  const rawHeaders = { 'content-type': 'application/json', 'x-api-key': key };
  const compatBody = JSON.stringify({ ...request, stream: true });
  const sdk = new Client({ baseURL: url, apiKey: key, logLevel: 'off' });
  const unchecked = new Client({ baseURL: url, apiKey: key, logLevel: 'off', validate: false });
  const oai = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
  const omnigate = createOmnigate(sdk);
  const compatible = createOpenAICompatible({ name: 'bench', baseURL: `${url}/v1`, apiKey: key });
  const least = leastModel(url, key);
  const post = (path, headers, body) => fetch(`${url}${path}`, { method: 'POST', headers: { ...rawHeaders, ...headers }, body });
  const aiText = async (model, headers, onText) => {
    const result = streamText({ model, prompt: 'Tell me about foxes', headers, maxRetries: 0 });
    for await (const text of result.textStream) onText(text);
  };

  /** Each contender reads one stream, calling onText per piece of text; `headers` shape the stand-in's stream. */
  const compat = {
    [FLOOR]: async (headers, onText) => handSse((await post('/v1/chat/completions', headers, compatBody)).body, onText),
    [ITERABLE_FLOOR]: async (headers, onText) => {
      for await (const chunk of handSseChunks((await post('/v1/chat/completions', headers, compatBody)).body)) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) onText(text);
      }
    },
    completionsStream: async (headers, onText) => {
      for await (const chunk of sdk.completionsStream(request, { headers })) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) onText(text);
      }
    },
    'completionsStream, validate: false': async (headers, onText) => {
      for await (const chunk of unchecked.completionsStream(request, { headers })) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) onText(text);
      }
    },
    'openai SDK': async (headers, onText) => {
      for await (const chunk of await oai.chat.completions.create({ ...request, stream: true }, { headers })) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) onText(text);
      }
    },
    'fetch + eventsource-parser': async (headers, onText) => {
      const reader = (await post('/v1/chat/completions', headers, compatBody)).body.getReader();
      const decoder = new TextDecoder();
      const parser = createParser({
        onEvent(event) {
          if (event.data === '[DONE]') return;
          const text = JSON.parse(event.data).choices[0]?.delta?.content;
          if (text) onText(text);
        },
      });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    },
    [STREAMTEXT_FLOOR]: (headers, onText) => aiText(least, headers, onText),
    'streamText + omnigate/ai': (headers, onText) => aiText(omnigate('gpt-4o-mini'), headers, onText),
    'streamText + @ai-sdk/openai-compatible': (headers, onText) => aiText(compatible.chatModel('gpt-4o-mini'), headers, onText),
  };
  const text = {
    [TEXT_FLOOR]: async (headers, onText) => handText((await post('/v1/chat', headers, compatBody)).body, onText),
    [TEXT_ITERABLE_FLOOR]: async (headers, onText) => {
      for await (const piece of decoded((await post('/v1/chat', headers, compatBody)).body)) onText(piece);
    },
    chatStream: async (headers, onText) => {
      for await (const piece of sdk.chatStream(request, { headers })) onText(piece);
    },
  };

  /** One sample: `streams` streams, `concurrency` at a time. Client CPU per frame (µs) and the median time to first text (ms). */
  async function sample(read, { streams, concurrency, pace }) {
    const headers = { 'x-bench-frames': String(FRAMES), ...(pace && { 'x-bench-pace': String(pace) }) };
    const firsts = [];
    let started = 0;
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (started < streams) {
          started++;
          const t = performance.now();
          let first;
          let chars = 0;
          await read(headers, (piece) => {
            first ??= performance.now() - t;
            chars += piece.length;
          });
          if (chars !== expected) throw new Error(`read ${chars} characters of ${expected}`);
          firsts.push(first);
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    return { cpu: (used.user + used.system) / (streams * FRAMES), first: median(firsts) };
  }

  /** Every contender once a round, the order rotating; medians, and the median of each round's ratio to the floor. */
  async function compare(label, contenders, floor, rounds, shape, { firstToken = false } = {}) {
    const names = Object.keys(contenders).filter((k) => k === floor || !pick || pick.test(k));
    const samples = Object.fromEntries(names.map((k) => [k, []]));
    // Warm, briefly: a few streams, unpaced.
    for (const name of names)
      await sample(contenders[name], { streams: Math.min(shape.streams, 4), concurrency: Math.min(shape.concurrency, 4) });
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length];
        samples[name].push(await sample(contenders[name], shape));
      }
    }
    const summary = (metric) => ({
      values: Object.fromEntries(names.map((k) => [k, median(samples[k].map((s) => s[metric]))])),
      ratios: Object.fromEntries(names.map((k) => [k, median(samples[k].map((s, r) => s[metric] / samples[floor][r][metric]))])),
    });
    record(`${label}: client CPU per frame`, 'µs', summary('cpu'), { floor });
    if (firstToken) record(`${label}: time to first token`, 'ms', summary('first'), { floor });
  }

  // Every contender side by side (the table), then each target's pair alone with more rounds: a pair's samples are
  // taken back to back, so the machine's drift between them is small (the ratios the targets read).
  const patterns = [
    ['1 at a time', { streams: quick ? 2 : 8, concurrency: 1 }, quick ? 1 : 5, quick ? 1 : 15, true],
    ['200 concurrent, burst', { streams: quick ? 20 : 200, concurrency: quick ? 20 : 200 }, quick ? 1 : 3, quick ? 1 : 11, false],
    [
      '200 concurrent, a frame per 10 ms',
      { streams: quick ? 20 : 200, concurrency: quick ? 20 : 200, pace: 10 },
      quick ? 1 : 3,
      quick ? 1 : 9,
      false,
    ],
  ];
  const only = (contenders, ...names) => Object.fromEntries(names.map((k) => [k, contenders[k]]));
  for (const [name, shape, rounds, pairedRounds, firstToken] of patterns) {
    log(`LLM streams: ${name}`);
    await compare(`${FRAMES}-frame compat SSE, ${name}`, compat, FLOOR, rounds, shape, { firstToken });
    await compare(`${FRAMES}-frame plain text, ${name}`, text, TEXT_FLOOR, rounds, shape, { firstToken });
    const paired = `${FRAMES}-frame, ${name}, paired`;
    await compare(`${paired}: compat SSE`, only(compat, FLOOR, ITERABLE_FLOOR, 'completionsStream'), FLOOR, pairedRounds, shape);
    await compare(`${paired}: plain text`, only(text, TEXT_FLOOR, TEXT_ITERABLE_FLOOR, 'chatStream'), TEXT_FLOOR, pairedRounds, shape);
    const ai = only(compat, STREAMTEXT_FLOOR, 'streamText + omnigate/ai');
    await compare(`${paired}: streamText`, ai, STREAMTEXT_FLOOR, pairedRounds, shape);
  }

  // The heap an idle open stream holds: each contender in fresh processes (bench/llm-heap.mjs says why), the order
  // rotating; the median of the rounds.
  const N = quick ? 20 : 200;
  const heapRounds = quick ? 1 : 3;
  const heapNames = HEAP_CONTENDERS.filter((k) => k === FLOOR || !pick || pick.test(k));
  const heapSamples = Object.fromEntries(heapNames.map((k) => [k, []]));
  for (let r = 0; r < heapRounds; r++) {
    for (let i = 0; i < heapNames.length; i++) {
      const name = heapNames[(i + r) % heapNames.length];
      const script = fileURLToPath(new URL('./llm-heap.mjs', import.meta.url));
      const child = spawn(process.execPath, ['--expose-gc', script, url, key, name, String(N)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const [code] = await once(child, 'exit');
      if (code !== 0 || !Number.isFinite(Number(out))) throw new Error(`bench/llm-heap.mjs ${name}: exit ${code}, printed ${out}`);
      heapSamples[name].push(Number(out));
    }
  }
  const heap = Object.fromEntries(heapNames.map((k) => [k, median(heapSamples[k])]));
  record(`compat SSE: heap per idle open stream (${N} open)`, 'KB', { values: heap }, { floor: FLOOR });
}
