// One Node's measurements: the SDK against raw fetch (bare, and with the timeout signal any client that can time out
// needs), bare openapi-fetch, openapi-fetch through the SDK's transport (omnigate/fetch) and the official OpenAI SDK,
// side by side in one run; and LLM-shaped streams (bench/llm.mjs). Prints the results as JSON on stdout;
// bench/report.mjs runs it under each Node and writes RESULTS.md. `--quick` runs every scenario with a few iterations;
// `--only calls|streams|llm|import|own` one part; `--contenders REGEX` only some of llm's. Needs `npm run build` and node --expose-gc.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import OpenAI from 'openai';
import createClient from 'openapi-fetch';
import { createFetchClient } from '../dist/fetch.js';
import { Client } from '../dist/index.js';
import { measure } from '../scripts/size/check.mjs';
import { llmStreams } from './llm.mjs';
import { ownCode } from './own.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const part = (name) => only === undefined || only === name;
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (bench/report.mjs does)');
const gc = () => {
  globalThis.gc();
  globalThis.gc();
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (...a) => console.error(...a);

// --- the stand-in, in its own process ---
const server = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
// Whatever happens to this run, the stand-in goes with it (it holds the stderr that bench/report.mjs waits on).
process.on('exit', () => server.kill());
const [line] = await once(server.stdout, 'data');
const url = /listening (\S+)/.exec(String(line))[1];

const KEY = 'llmg_bench_bench_bench_bench_bench_bench_bench_be';
const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi in French' }] };
const sdk = new Client({ baseURL: url, apiKey: KEY, logLevel: 'off' });
const api = createClient({ baseUrl: url, headers: { 'x-api-key': KEY } });
const bound = createFetchClient(sdk);
const oai = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0 });
const rawHeaders = { 'content-type': 'application/json', 'x-api-key': KEY };

const rawChat = (signal) => async () =>
  JSON.parse(
    await (
      await fetch(`${url}/v1/chat`, { method: 'POST', headers: rawHeaders, body: JSON.stringify({ ...body, stream: false }), signal })
    ).text(),
  );
/** The floor for a client that can time out: raw fetch with a timeout signal, as any such client must carry. */
const FLOOR = 'raw fetch + timeout signal';
const chatContenders = {
  'raw fetch': rawChat(undefined),
  [FLOOR]: async () => rawChat(AbortSignal.timeout(60_000))(),
  'openapi-fetch': async () => (await api.POST('/v1/chat', { body: { ...body, stream: false } })).data,
  omnigate: () => sdk.chat(body),
  'omnigate/fetch (openapi-fetch through the transport)': async () =>
    (await bound.POST('/v1/chat', { body: { ...body, stream: false } })).data,
  'openai SDK (/v1/chat/completions)': () => oai.chat.completions.create(body),
};

const results = []; // { scenario, contender, value, unit, ratio }
/**
 * Records a scenario's medians. The ratio of each contender is to the floor (raw fetch with a timeout signal, else raw
 * fetch): the median of the ratios of the rounds when `rounds` measured it (each round runs the contenders back to
 * back, so a round's ratio compares like with like on a shared machine), else the ratio of the medians.
 */
function record(scenario, unit, measured, { higherIsBetter = false, floor: floorName = FLOOR } = {}) {
  const { values, ratios } = measured.values ? measured : { values: measured };
  const floor = values[floorName] ?? values['raw fetch'];
  for (const [contender, value] of Object.entries(values)) {
    const ratio = ratios?.[contender] ?? (floor ? (higherIsBetter ? floor / value : value / floor) : null);
    results.push({ scenario, contender, value, unit, ratio });
  }
  const ratioOf = (k) => results.find((r) => r.scenario === scenario && r.contender === k).ratio;
  const shown = (k) => (ratioOf(k) === null ? '' : ` (${fmt(ratioOf(k), 3)}x)`);
  log(
    `${scenario}: ${Object.entries(values)
      .map(([k, v]) => `${k} ${fmt(v)} ${unit}${shown(k)}`)
      .join(', ')}`,
  );
}
/**
 * Runs each contender once per round, the order rotating. `values`: each contender's median round; `ratios`: the
 * median over rounds of its sample to the floor's in the same round (inverted when higher is better). The floor is
 * raw fetch with a timeout signal (else raw fetch) unless named.
 */
async function rounds(count, contenders, measure, { higherIsBetter = false, floor: floorName = FLOOR } = {}) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      samples[name].push(await measure(contenders[name], name));
    }
  }
  const floor = samples[floorName] ?? samples['raw fetch'];
  const ratio = (xs) => median(xs.map((x, r) => (higherIsBetter ? floor[r] / x : x / floor[r])));
  return {
    values: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])),
    ratios: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, ratio(v)])),
  };
}

// --- 1. per-call overhead: sequential chats ---
if (part('calls')) {
  const [R, N, warm] = quick ? [2, 20, 5] : [15, 1000, 300];
  for (const call of Object.values(chatContenders)) for (let i = 0; i < warm; i++) await call();
  const us = await rounds(R, chatContenders, async (call) => {
    const t = performance.now();
    for (let i = 0; i < N; i++) await call();
    return ((performance.now() - t) * 1000) / N;
  });
  record(`${R * N} sequential chats (per call)`, 'µs', us);
}

// --- 1b. the client process's CPU per call (the stand-in runs in another process): steadier than wall-clock ---
if (part('calls')) {
  const [R, N] = quick ? [2, 20] : [15, 1000];
  const cpu = await rounds(R, chatContenders, async (call) => {
    const start = process.cpuUsage();
    for (let i = 0; i < N; i++) await call();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / N;
  });
  record(`client CPU per call (${R} rounds of ${N})`, 'µs', cpu);
}

// --- 2. throughput: 32 concurrent callers ---
if (part('calls')) {
  const [R, seconds] = quick ? [1, 0.3] : [6, 5];
  const rps = await rounds(
    R,
    chatContenders,
    async (call) => {
      let done = 0;
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (performance.now() < until) {
            await call();
            done++;
          }
        }),
      );
      return done / seconds;
    },
    { higherIsBetter: true },
  );
  record(`32 concurrent callers for ${seconds} s (throughput)`, 'req/s', rps, { higherIsBetter: true });
}

// --- 3. plain-text streams: MB/s by size, piece size and sentinel ---
const streamBody = { ...body, stream: true };
async function drain(reader) {
  const decoder = new TextDecoder();
  let chars = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chars;
    chars += decoder.decode(value, { stream: true }).length;
  }
}
const streamContenders = (headers) => ({
  'raw fetch': async () =>
    drain(
      (
        await fetch(`${url}/v1/chat`, { method: 'POST', headers: { ...rawHeaders, ...headers }, body: JSON.stringify(streamBody) })
      ).body.getReader(),
    ),
  'openapi-fetch': async () => drain((await api.POST('/v1/chat', { body: streamBody, headers, parseAs: 'stream' })).data.getReader()),
  omnigate: async () => {
    let chars = 0;
    try {
      for await (const piece of sdk.chatStream(body, { headers })) chars += piece.length;
    } catch (err) {
      if (err.name !== 'ProviderError') throw err; // the sentinel at the end, as asked
    }
    return chars;
  },
});
const streamSeconds = {};
if (part('streams')) {
  const R = quick ? 1 : 15;
  const sizes = quick ? [1, 2] : [50, 100];
  for (const mb of sizes) {
    for (const piece of [1024, 16 * 1024]) {
      for (const sentinel of [false, true]) {
        const headers = {
          'x-bench-bytes': String(mb * 2 ** 20),
          'x-bench-piece': String(piece),
          ...(sentinel ? { 'x-bench-sentinel': '1' } : {}),
        };
        const seconds = await rounds(R, streamContenders(headers), async (read) => {
          const t = performance.now();
          await read();
          return (performance.now() - t) / 1000;
        });
        const label = `${mb} MB stream in ${piece / 1024} KB pieces${sentinel ? ', sentinel at the end' : ''}`;
        streamSeconds[label] = seconds.values;
        const values = Object.fromEntries(Object.entries(seconds.values).map(([k, s]) => [k, mb / s]));
        record(label, 'MB/s', { values, ratios: seconds.ratios }, { higherIsBetter: true });
      }
    }
  }
}

// --- 4. memory: open streams ---
if (part('streams')) {
  const N = quick ? 50 : 1000;
  const hold = { 'x-bench-hold': '1', 'x-bench-piece': '1024' };
  const openers = {
    'raw fetch': async () => {
      const reader = (
        await fetch(`${url}/v1/chat`, { method: 'POST', headers: { ...rawHeaders, ...hold }, body: JSON.stringify(streamBody) })
      ).body.getReader();
      await reader.read();
      return () => reader.cancel();
    },
    omnigate: async () => {
      const stream = sdk.chatStream(body, { headers: hold });
      await stream.next();
      return () => stream.return();
    },
  };
  const heap = {};
  const rss = {};
  for (const [name, open] of Object.entries(openers)) {
    gc();
    const before = process.memoryUsage();
    const closers = await Promise.all(Array.from({ length: N }, open));
    gc();
    const during = process.memoryUsage();
    heap[name] = (during.heapUsed - before.heapUsed) / N / 1024;
    rss[name] = (during.rss - before.rss) / N / 1024;
    await Promise.all(closers.map((close) => close()));
    await new Promise((r) => setTimeout(r, 200));
  }
  record(`heap per open stream (${N} open)`, 'KB', heap);
  record(`RSS per open stream (${N} open)`, 'KB', rss);
}

// --- 5. cold start: importing the package in a fresh Node process ---
if (part('import')) {
  const N = quick ? 2 : 15;
  const targets = {
    omnigate: new URL('../dist/index.js', import.meta.url).href,
    'openapi-fetch': import.meta.resolve('openapi-fetch'),
    'openai SDK': import.meta.resolve('openai'),
  };
  const ms = {};
  for (const [name, target] of Object.entries(targets)) {
    const samples = [];
    for (let i = 0; i < N; i++) {
      const child = spawn(process.execPath, [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(target)}); process.stdout.write(String(performance.now() - t));`,
      ]);
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      await once(child, 'exit');
      samples.push(Number(text));
    }
    ms[name] = median(samples);
  }
  record('import in a fresh Node process', 'ms', ms);
}

// --- 6. size: the import minified and gzipped, one bundler for all ---
if (part('import')) {
  const bundle = async (contents) => {
    const result = await build({
      stdin: { contents, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    return gzipSync(result.outputFiles[0].contents, { level: 9 }).length / 1000;
  };
  record('import minified + gzipped (esbuild, from the build)', 'kB', {
    omnigate: await bundle(`export { Client } from './dist/index.js';`),
    'omnigate + omnigate/fetch': await bundle(
      `export { Client } from './dist/index.js'; export { createFetchClient } from './dist/fetch.js';`,
    ),
    'openapi-fetch': await bundle(`export { default } from 'openapi-fetch';`),
    'openai SDK': await bundle(`export { default } from 'openai';`),
  });
  record('import { Client } minified + gzipped (the budget figure, from the source)', 'kB', { omnigate: (await measure()).gzipped / 1000 });
}

// --- 7. LLM-shaped streams: tiny frames, one at a time and 200 at once ---
const pick = process.argv.includes('--contenders') ? new RegExp(process.argv[process.argv.indexOf('--contenders') + 1]) : undefined;
if (part('llm')) await llmStreams({ url, key: KEY, quick, record, log, pick });

// --- 8. the client's own code, the network taken out (bench/own.mjs) ---
if (part('own')) await ownCode({ quick, record, rounds, log });

server.kill();
console.log(JSON.stringify({ node: process.version, quick, results, streamSeconds }));
