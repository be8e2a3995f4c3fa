// The client's own code, with the network taken out: its fetch is a function that answers at once from memory (a
// Response over bytes, a stream's body giving one frame per read), so the loopback socket, undici's connection and
// the stand-in (most of a call's and a frame's cost, and most of the machine's noise) are not in the figures. What is
// left is the client's own CPU per call and per frame against the same floors the network rows use, fed the same
// bytes: what of a network row's ratio is ours, and what of the rest is Node's (undici, the web streams) or the run's
// spread. Ratios are medians over rounds of each round's ratio to the floor. Then the bytes each allocates per call
// and per frame, collected ones included (V8's sampling heap profiler, every 32 bytes on average).
import { Session } from 'node:inspector/promises';
import { Client } from '../dist/index.js';
import { decoded, handSse, handSseChunks, handText } from './llm.mjs';
import { CHAT_REPLY, sseFrame, TOKENS } from './wire.mjs';

const encode = (text) => new TextEncoder().encode(text);
const SSE = TOKENS.map((content) => encode(sseFrame({ content })));
const TEXT = TOKENS.map(encode);
const CHAT = encode(JSON.stringify(CHAT_REPLY));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** A body giving one piece per read, as a paced LLM stream arrives: the role frame, `frames` tokens, the end. */
function frames(count, sse) {
  const pieces = sse
    ? [encode(sseFrame({ role: 'assistant', content: '' })), ...Array.from({ length: count }, (_, i) => SSE[i % SSE.length])]
    : Array.from({ length: count }, (_, i) => TEXT[i % TEXT.length]);
  if (sse) pieces.push(encode(sseFrame({}, 'stop')), encode('data: [DONE]\n\n'));
  let i = 0;
  return new ReadableStream({ pull: (c) => (i < pieces.length ? c.enqueue(pieces[i++]) : c.close()) }, { highWaterMark: 0 });
}

export async function ownCode({ quick, record, rounds, log }) {
  const FRAMES = quick ? 40 : 400;
  const headers = (type) => ({ 'content-type': type, 'x-request-id': 'bench' });
  // What the gateway would answer each route, at once.
  const answer = async (url) => {
    if (String(url).endsWith('/v1/chat')) return new Response(CHAT, { headers: headers('application/json') });
    throw new Error(`bench/own.mjs: no answer for ${url}`);
  };
  const streamed = async (url) =>
    String(url).endsWith('/v1/chat/completions')
      ? new Response(frames(FRAMES, true), { headers: headers('text/event-stream') })
      : new Response(frames(FRAMES, false), { headers: headers('text/plain') });
  const options = { baseURL: 'http://127.0.0.1:9', apiKey: 'llmg_bench', logLevel: 'off' };
  const sdk = new Client({ ...options, fetch: answer });
  const streams = new Client({ ...options, fetch: streamed });
  const unchecked = new Client({ ...options, fetch: streamed, validate: false });
  const request = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi in French' }] };
  const post = (fetch, path) =>
    fetch(`http://127.0.0.1:9${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'llmg_bench' },
      body: JSON.stringify({ ...request, stream: path !== '/v1/chat' || undefined }),
      signal: AbortSignal.timeout(60_000),
    });
  const count = (text, sum) => sum + text.length;

  /** Every contender once a round, the order rotating (`rounds`, as run.mjs's rows): CPU µs per unit, to the first. */
  async function compare(label, contenders, { runs, per, rounds: count }) {
    const sample = async (f) => {
      const start = process.cpuUsage();
      for (let i = 0; i < runs; i++) await f();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / (runs * per);
    };
    const floor = Object.keys(contenders)[0];
    for (const f of Object.values(contenders)) await sample(f);
    record(label, 'µs', await rounds(count, contenders, sample, { floor }), { floor });
  }

  const calls = {
    'fetch + timeout signal (answered from memory)': async () => JSON.parse(await (await post(answer, '/v1/chat')).text()),
    omnigate: () => sdk.chat(request),
  };
  const sse = {
    'fetch + hand SSE parser': async () => {
      let sum = 0;
      await handSse((await post(streamed, '/v1/chat/completions')).body, (text) => (sum = count(text, sum)));
    },
    'fetch + hand SSE parser, as an async generator': async () => {
      let sum = 0;
      for await (const chunk of handSseChunks((await post(streamed, '/v1/chat/completions')).body))
        sum = count(chunk.choices[0]?.delta?.content ?? '', sum);
    },
    completionsStream: async () => {
      let sum = 0;
      for await (const chunk of streams.completionsStream(request)) sum = count(chunk.choices[0]?.delta?.content ?? '', sum);
    },
    'completionsStream, validate: false': async () => {
      let sum = 0;
      for await (const chunk of unchecked.completionsStream(request)) sum = count(chunk.choices[0]?.delta?.content ?? '', sum);
    },
  };
  const text = {
    'fetch + TextDecoder': async () => {
      let sum = 0;
      await handText((await post(streamed, '/v1/chat')).body, (text) => (sum = count(text, sum)));
    },
    'fetch + TextDecoder, as an async generator': async () => {
      let sum = 0;
      for await (const text of decoded((await post(streamed, '/v1/chat')).body)) sum = count(text, sum);
    },
    chatStream: async () => {
      let sum = 0;
      for await (const text of streams.chatStream(request)) sum = count(text, sum);
    },
  };

  log('own code: CPU');
  const shape = { runs: quick ? 2 : 60, per: FRAMES, rounds: quick ? 2 : 21 };
  await compare('own code, no network: client CPU per call', calls, { runs: quick ? 50 : 3000, per: 1, rounds: quick ? 2 : 21 });
  await compare(`own code, no network: client CPU per frame, ${FRAMES}-frame compat SSE, a frame per read`, sse, shape);
  await compare(`own code, no network: client CPU per frame, ${FRAMES}-frame plain text, a frame per read`, text, shape);

  log('own code: allocation');
  const session = new Session();
  session.connect();
  /** Bytes allocated per unit, collected or not: the median of 3 samples of `runs`, each contender warmed first. */
  async function allocated(label, contenders, { runs, per }) {
    const values = {};
    for (const [name, f] of Object.entries(contenders)) {
      for (let i = 0; i < runs / 2; i++) await f();
      const samples = [];
      for (let r = 0; r < 3; r++) {
        const flags = { includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
        await session.post('HeapProfiler.startSampling', { samplingInterval: 32, ...flags });
        for (let i = 0; i < runs; i++) await f();
        const { profile } = await session.post('HeapProfiler.stopSampling');
        let bytes = 0;
        const walk = (node) => {
          bytes += node.selfSize;
          for (const child of node.children) walk(child);
        };
        walk(profile.head);
        samples.push(bytes / (runs * per));
      }
      values[name] = median(samples);
    }
    record(label, 'B', values, { floor: Object.keys(contenders)[0] });
  }
  await allocated('own code, no network: bytes allocated per call', calls, { runs: quick ? 20 : 1000, per: 1 });
  await allocated(`own code, no network: bytes allocated per frame, ${FRAMES}-frame compat SSE`, sse, {
    runs: quick ? 2 : 40,
    per: FRAMES,
  });
  await allocated(`own code, no network: bytes allocated per frame, ${FRAMES}-frame plain text`, text, {
    runs: quick ? 2 : 40,
    per: FRAMES,
  });
  session.disconnect();
}
