// Load and leaks over real sockets. The figures (handles and heap before/after) are printed, not timed:
// the assertions are on what is left behind.
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.js';
import { chatAnswer, json, sleep, startServer, type TestServer } from '../support/server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const hi = { model: 'gpt-4o-mini', messages: 'hi' };

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** After the server is gone (and with it every pooled socket), the process must be back to the sockets and timers it had before. */
async function expectNothingLeftBeyond(baseline: Record<string, number>) {
  await server!.close();
  server = undefined;
  let now = handles();
  for (
    let i = 0;
    i < 100 && ((now.TCPSocketWrap ?? 0) > (baseline.TCPSocketWrap ?? 0) || (now.Timeout ?? 0) > (baseline.Timeout ?? 0));
    i++
  ) {
    await sleep(20);
    now = handles();
  }
  expect(now.TCPSocketWrap ?? 0).toBeLessThanOrEqual(baseline.TCPSocketWrap ?? 0);
  expect(now.TCPServerWrap ?? 0).toBeLessThanOrEqual(baseline.TCPServerWrap ?? 0);
  expect(now.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
  return now;
}

describe('load and leaks', () => {
  it('10,000 sequential calls leave no sockets or timers and a bounded heap', { timeout: 180_000 }, async () => {
    const baseline = handles();
    server = await startServer((_req, res) => json(res, 200, chatAnswer), { record: false });
    const client = new Client({ baseURL: server.url, apiKey: 'llmg_load' });
    for (let i = 0; i < 500; i++) await client.chat(hi); // warm up the JIT and the connection pool
    const heapBefore = heapMB();
    const during = handles();
    for (let i = 0; i < 10_000; i++) await client.chat(hi);
    const after = await expectNothingLeftBeyond(baseline);
    const heapAfter = heapMB();
    console.log(
      `10,000 sequential calls: heap ${heapBefore.toFixed(1)} MB -> ${heapAfter.toFixed(1)} MB; ` +
        `handles before ${JSON.stringify(baseline)}, during ${JSON.stringify(during)}, after ${JSON.stringify(after)}`,
    );
    expect(heapAfter - heapBefore).toBeLessThan(4);
  });

  it('1,000 concurrent streams, three times over: the heap stops growing and nothing is left behind', { timeout: 180_000 }, async () => {
    const baseline = handles();
    server = await startServer(
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (const piece of ['one ', 'two ', 'three']) {
          res.write(piece);
          await sleep(5);
        }
        res.end();
      },
      { record: false },
    );
    const client = new Client({ baseURL: server.url });
    const round = async () => {
      const texts = await Promise.all(
        Array.from({ length: 1000 }, async () => {
          let text = '';
          for await (const piece of client.chatStream(hi)) text += piece;
          return text;
        }),
      );
      expect(new Set(texts)).toEqual(new Set(['one two three']));
    };
    const heapStart = heapMB();
    await round(); // the first round fills undici's pool for this origin: 1,000 keep-alive sockets
    const heapWarm = heapMB();
    await round();
    await round();
    const heapAfter = heapMB();
    const after = await expectNothingLeftBeyond(baseline);
    const heapClosed = heapMB();
    console.log(
      `1,000 concurrent streams x3: heap ${heapStart.toFixed(1)} MB -> ${heapWarm.toFixed(1)} MB after round 1 (pool open) -> ` +
        `${heapAfter.toFixed(1)} MB after round 3 -> ${heapClosed.toFixed(1)} MB once closed; handles before ${JSON.stringify(baseline)}, after ${JSON.stringify(after)}`,
    );
    expect(heapAfter - heapWarm).toBeLessThan(2);
  });

  it('one long-lived AbortSignal shared by 10,000 calls keeps no listeners and raises no warning', { timeout: 180_000 }, async () => {
    server = await startServer((_req, res) => json(res, 200, { status: 'ok', version: '0.2.0' }), { record: false });
    const client = new Client({ baseURL: server.url });
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      // 100 batches of 100 concurrent calls, all on the same signal.
      for (let batch = 0; batch < 100; batch++) {
        await Promise.all(Array.from({ length: 100 }, () => client.health({ signal: controller.signal })));
        if (batch === 50) expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      }
      await sleep(10);
    } finally {
      process.off('warning', onWarning);
    }
    const listeners = getEventListeners(controller.signal, 'abort').length;
    console.log(`shared AbortSignal over 10,000 calls: ${listeners} listeners left, ${warnings.length} warnings`);
    expect(listeners).toBe(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(server.count).toBe(10_000);
  });

  it('the shared signal still aborts every call in flight at once', async () => {
    server = await startServer(() => {});
    const client = new Client({ baseURL: server.url });
    const controller = new AbortController();
    const pending = Array.from({ length: 50 }, () => client.me({ signal: controller.signal }).catch((e: Error) => e.name));
    await sleep(50);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(new Set(await Promise.all(pending))).toEqual(new Set(['AbortError']));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
