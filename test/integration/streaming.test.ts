// chatStream and completionsStream over real chunked responses.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Client, ConnectionError, ProviderError, RateLimitError, ResponseValidationError, TimeoutError } from '../../src/index.js';
import { captureLog, collect, fastRetries, hi, json, serverPerTest, sleep } from '../support/server.js';

const serve = serverPerTest();

async function writeSlowly(res: ServerResponse, pieces: Array<string | Buffer>, gap = 5) {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': 'req-stream-1', 'x-llmgw-provider': 'openai' });
  for (const p of pieces) {
    res.write(p);
    await sleep(gap);
  }
  res.end();
}

describe('chatStream', () => {
  it('yields text as it arrives, whole multi-byte characters included, and sends stream: true', async () => {
    const bytes = Buffer.from('Olá, 世界 👋 done');
    const server = await serve((_req, res) =>
      writeSlowly(res, [bytes.subarray(0, 3), bytes.subarray(3, 8), bytes.subarray(8, 16), bytes.subarray(16)]),
    );
    const client = new Client({ baseURL: server.url });
    const stream = client.chatStream(hi);
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(items.join('')).toBe('Olá, 世界 👋 done');
    expect(items.every((p) => !p.includes('\uFFFD'))).toBe(true);
    expect(JSON.parse(server.requests[0]!.body).stream).toBe(true);
    expect(server.requests[0]!.headers.accept).toBe('text/plain');
    expect(stream.meta).toMatchObject({ requestId: 'req-stream-1', provider: 'openai', status: 200 });
  });

  it('a sentinel split across writes: the text before it, then ProviderError with the message and request id', async () => {
    const server = await serve((_req, res) => writeSlowly(res, ['Cherry blossoms', '\n[er', 'ror] OpenAI e', 'rror 500: boom']));
    const client = new Client({ baseURL: server.url });
    const { items, error } = await collect(client.chatStream(hi, { asChunks: true }));
    expect(items.map((c) => c.text).join('')).toBe('Cherry blossoms');
    expect(items.every((c) => c.requestId === 'req-stream-1')).toBe(true);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ statusCode: 502, detail: 'OpenAI error 500: boom', requestId: 'req-stream-1' });
  });

  it('an HTTP error before the first byte is classified and retried, from the iteration', async () => {
    const server = await serve((_req, res, _s, i) =>
      i === 0 ? json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '0' }) : writeSlowly(res, ['ok']),
    );
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    const { items, error } = await collect(client.chatStream(hi));
    expect(error).toBeUndefined();
    expect(items.join('')).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('an HTTP error surfaces from the loop, typed', async () => {
    const server = await serve((_req, res) => json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '999' }));
    const { lines, logger } = captureLog();
    const client = new Client({ baseURL: server.url, logger });
    const { error } = await collect(client.chatStream(hi));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(lines.map(([level, message]) => `${level} ${message}`)).toEqual(['warn omnigate: Retry-After above maxRetryAfter: not retried']);
  });

  it('a connection cut mid-stream is ConnectionError, never a short answer, and is not retried', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial ');
      await sleep(20);
      res.destroy();
    });
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    const { items, error } = await collect(client.chatStream(hi));
    expect(items.join('')).toBe('partial ');
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/mid-stream/);
    expect(server.requests).toHaveLength(1);
  });

  it('a stream that stalls longer than the timeout fails with TimeoutError', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first ');
    });
    const client = new Client({ baseURL: server.url, timeout: 150 });
    const { items, error } = await collect(client.chatStream(hi));
    expect(items.join('')).toBe('first ');
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/stalled for 150 ms/);
  });

  it('a slow consumer is not a stalled stream', async () => {
    const server = await serve((_req, res) => writeSlowly(res, ['a', 'b', 'c'], 1));
    const client = new Client({ baseURL: server.url, timeout: 100 });
    const pieces: string[] = [];
    for await (const piece of client.chatStream(hi)) {
      pieces.push(piece);
      await sleep(250);
    }
    expect(pieces.join('')).toBe('abc');
  });

  it('breaking out of the loop closes the connection at once', async () => {
    let finished = false;
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => {
        finished = true;
      });
      for (let i = 0; i < 1000 && !res.destroyed; i++) {
        res.write(`piece ${i} `);
        await sleep(10);
      }
      res.end();
    });
    const client = new Client({ baseURL: server.url });
    for await (const _piece of client.chatStream(hi)) break;
    for (let i = 0; i < 100 && !finished; i++) await sleep(10);
    expect(finished).toBe(true);
    expect(server.closedSockets).toBe(1);
  });

  it('bad input fails from the iteration before anything is sent', async () => {
    const server = await serve((_req, res) => writeSlowly(res, ['x']));
    const client = new Client({ baseURL: server.url });
    const { error } = await collect(client.chatStream({ model: 'gpt-4o-mini', messages: [] }));
    expect((error as Error).name).toBe('InvalidArgumentError');
    expect(server.requests).toHaveLength(0);
  });
});

describe('completionsStream', () => {
  const chunk = (content: string) => ({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });
  const frame = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const sse = (res: ServerResponse, body: string, cuts: number[]) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'sse-1' });
    return (async () => {
      let prev = 0;
      for (const c of [...cuts, body.length]) {
        res.write(body.slice(prev, c));
        prev = c;
        await sleep(2);
      }
      res.end();
    })();
  };

  it('parses frames across any chunking and ends at [DONE]', async () => {
    const body = `${frame(chunk('Hel')) + frame(chunk('lo'))}data: [DONE]\n\n`;
    const server = await serve((_req, res) => sse(res, body, [3, 20, 60, 61, body.length - 3]));
    const client = new Client({ baseURL: server.url });
    const { items, error } = await collect(client.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeUndefined();
    expect(items).toEqual([chunk('Hel'), chunk('lo')]);
    expect(JSON.parse(server.requests[0]!.body).stream).toBe(true);
  });

  it('raises ProviderError on an in-band error frame', async () => {
    const body = `${frame(chunk('Hel')) + frame({ error: { message: 'OpenAI error 500: boom', type: 'provider_error' } })}data: [DONE]\n\n`;
    const server = await serve((_req, res) => sse(res, body, [10]));
    const client = new Client({ baseURL: server.url });
    const { items, error } = await collect(client.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    expect(items).toEqual([chunk('Hel')]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ detail: 'OpenAI error 500: boom', requestId: 'sse-1', statusCode: 502 });
  });

  it('keeps a final [DONE] that lacks its trailing blank line', async () => {
    const body = `${frame(chunk('x'))}data: [DONE]`;
    const server = await serve((_req, res) => sse(res, body, []));
    const { items, error } = await collect(
      new Client({ baseURL: server.url }).completionsStream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(error).toBeUndefined();
    expect(items).toEqual([chunk('x')]);
  });

  it('a stream that ends without [DONE] is an error, not a short success', async () => {
    const server = await serve((_req, res) => sse(res, frame(chunk('x')), []));
    const { items, error } = await collect(
      new Client({ baseURL: server.url }).completionsStream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(items).toEqual([chunk('x')]);
    expect((error as Error).message).toMatch(/ended before \[DONE\]/);
  });

  it('a frame that is not JSON is ResponseValidationError', async () => {
    const server = await serve((_req, res) => sse(res, 'data: {nope\n\n', []));
    const { error } = await collect(
      new Client({ baseURL: server.url }).completionsStream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
  });
});
