// Timeouts, the caller's abort and close(), against a real loopback server.
import { describe, expect, it } from 'vitest';
import { AbortError, Client, ConnectionError, TimeoutError } from '../../src/index.js';
import { captureLog, chatAnswer, fastRetries, hi, json, serverPerTest, sleep } from '../support/server.js';

const serve = serverPerTest();

const never = () => {}; // a handler that never answers

describe('timeouts', () => {
  it('headers that never come: TimeoutError after every retry', async () => {
    const server = await serve(never);
    const client = new Client({ baseURL: server.url, timeout: 100, retries: 1, retryConfig: fastRetries });
    const err = (await client.chat(hi).catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.attempts).toBe(2);
    expect(err.message).toContain(server.url);
    expect(err.message).toContain('100 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('a per-call timeout overrides the client', async () => {
    const server = await serve(never);
    const client = new Client({ baseURL: server.url, timeout: 60_000 });
    await expect(client.me({ timeout: 50, retries: 0 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('the timeout covers a body that stops halfway; the retry then succeeds', async () => {
    const server = await serve((_req, res, _s, i) => {
      if (i === 0) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id": "chatcmpl-1", ');
        return; // never finishes
      }
      json(res, 200, chatAnswer);
    });
    const client = new Client({ baseURL: server.url, timeout: 150, retryConfig: fastRetries });
    expect(await client.chat(hi)).toEqual(chatAnswer);
    expect(server.requests).toHaveLength(2);
  });

  it('a connection reset mid-body is retried', async () => {
    const server = await serve((_req, res, _s, i) => {
      if (i === 0) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"id": "chatcmpl-1", ');
        setTimeout(() => res.destroy(), 10);
        return;
      }
      json(res, 200, chatAnswer);
    });
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    expect(await client.chat(hi)).toEqual(chatAnswer);
    expect(server.requests).toHaveLength(2);
  });
});

describe('aborts', () => {
  it('an already aborted signal rejects at once without sending', async () => {
    const server = await serve((_req, res) => json(res, 200, chatAnswer));
    const client = new Client({ baseURL: server.url });
    const err = await client.chat(hi, { signal: AbortSignal.abort('stop') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(err).not.toBeInstanceOf(ConnectionError);
    expect((err as Error).cause).toBe('stop');
    expect(server.requests).toHaveLength(0);
  });

  it('aborting in flight rejects with AbortError and is never retried', async () => {
    const server = await serve(never);
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    const controller = new AbortController();
    const pending = client.chat(hi, { signal: controller.signal });
    await sleep(50);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await sleep(50);
    expect(server.requests).toHaveLength(1);
  });

  it('aborting during a Retry-After sleep ends the sleep at once', async () => {
    const server = await serve((_req, res) => json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '30' }));
    const { lines, logger } = captureLog();
    const client = new Client({ baseURL: server.url, logger });
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.chat(hi, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
    // A 30 s wait is shown at the default level before it starts.
    expect(lines.map(([level, message, data]) => [level, message, data?.delayMs])).toEqual([['warn', 'omnigate: retrying', 30_000]]);
  });

  it('close() aborts calls in flight and refuses new ones', async () => {
    const server = await serve(never);
    const client = new Client({ baseURL: server.url });
    const pending = client.me();
    await sleep(50);
    await client.close();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect(client.me()).rejects.toThrow(/closed/);
  });

  it('await using closes the client at the end of the block', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', version: '0.2.0' }));
    let outer: Client;
    {
      await using client = new Client({ baseURL: server.url });
      outer = client;
      await client.health();
    }
    await expect(outer.health()).rejects.toBeInstanceOf(AbortError);
  });
});
