// Fault injection over real sockets: every status times every body shape, broken connections,
// Retry-After in all its forms, and malformed successes. Each case ends in a result or one typed error.
import { afterAll, describe, expect, it } from 'vitest';
import {
  APIError,
  AuthError,
  BudgetExceededError,
  Client,
  ConnectionError,
  ProviderError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/index.js';
import { captureLog, chatAnswer, closedPort, collect, fastRetries, hi, json, serverPerTest, sleep } from '../support/server.js';

const serve = serverPerTest();

// The suite fails on any unhandled rejection or uncaught exception, not only on a failed assertion.
const stray: unknown[] = [];
const onStray = (err: unknown) => stray.push(err);
process.on('unhandledRejection', onStray);
process.on('uncaughtException', onStray);
afterAll(() => {
  process.off('unhandledRejection', onStray);
  process.off('uncaughtException', onStray);
  expect(stray).toEqual([]);
});

const TEN_MB = 10 * 1024 * 1024;

interface Shape {
  type: string;
  body: string | Buffer;
  detail: (status: number) => string;
}
const shapes: Record<string, Shape> = {
  '{detail: string}': { type: 'application/json', body: '{"detail":"Something went wrong"}', detail: () => 'Something went wrong' },
  '{detail: [...]} (422 list)': {
    type: 'application/json',
    body: JSON.stringify({ detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: {} }] }),
    detail: () => 'body.model: Field required',
  },
  'OpenAI {error: {...}}': {
    type: 'application/json',
    body: JSON.stringify({ error: { message: 'Upstream said no', type: 'invalid_request_error', param: null, code: null } }),
    detail: () => 'Upstream said no',
  },
  'an HTML page': {
    type: 'text/html',
    body: '<!doctype html><html><head><title>Gateway says no</title></head><body>…</body></html>',
    detail: () => 'Gateway says no',
  },
  'plain text': { type: 'text/plain', body: 'Something went wrong', detail: () => 'Something went wrong' },
  'an empty body': { type: 'application/json', body: '', detail: (s) => `HTTP ${s}` },
  'truncated JSON': { type: 'application/json', body: '{"detail": "Somethi', detail: () => '{"detail": "Somethi' },
  'a 10 MB body': { type: 'text/plain', body: 'x'.repeat(TEN_MB), detail: () => `${'x'.repeat(1000)}…` },
  'a wrong content-type': {
    type: 'text/html; charset=utf-8',
    body: '{"detail":"Something went wrong"}',
    detail: () => 'Something went wrong',
  },
  'invalid UTF-8': {
    type: 'text/plain; charset=utf-8',
    body: Buffer.from([0xff, 0xfe, 0x20, 0x62, 0x61, 0x64]),
    detail: () => '\uFFFD\uFFFD bad',
  },
};
const statuses = [400, 401, 402, 404, 422, 429, 500, 502, 503, 504];
const retried = new Set([429, 500, 502, 503, 504]);
const classFor = (s: number) =>
  s === 429 ? RateLimitError : s === 402 ? BudgetExceededError : s === 502 ? ProviderError : s === 401 ? AuthError : APIError;

describe('every status times every body shape', () => {
  const cases = statuses.flatMap((status) => Object.keys(shapes).map((shape) => [status, shape] as const));
  it.each(cases)('%i with %s', async (status, shapeName) => {
    const shape = shapes[shapeName]!;
    const server = await serve((_req, res, _s, i) => {
      res.writeHead(status, { 'content-type': shape.type, 'x-request-id': `fault-${i}` });
      res.end(shape.body);
    });
    const client = new Client({ baseURL: server.url, apiKey: 'llmg_k', retryConfig: fastRetries });
    const err = (await client.chat(hi).catch((e: unknown) => e)) as APIError;
    const attempts = retried.has(status) ? 3 : 1;
    expect(err).toBeInstanceOf(classFor(status));
    expect(err.constructor).toBe(classFor(status));
    expect(err).toMatchObject({ statusCode: status, detail: shape.detail(status), requestId: `fault-${attempts - 1}` });
    expect(server.requests).toHaveLength(attempts);
  });
});

describe('broken connections', () => {
  it('connection refused: ConnectionError after 3 attempts', async () => {
    const url = await closedPort();
    const err = (await new Client({ baseURL: url, retryConfig: fastRetries }).chat(hi).catch((e: unknown) => e)) as ConnectionError;
    expect(err.constructor).toBe(ConnectionError);
    expect(err.attempts).toBe(3);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('unknown host: ConnectionError naming it (a fetch failing as undici does, so no DNS server is asked)', async () => {
    let calls = 0;
    const dnsFailure: typeof fetch = async () => {
      calls++;
      const cause = Object.assign(new Error('getaddrinfo ENOTFOUND gw.omnigate.invalid'), { code: 'ENOTFOUND' });
      throw new TypeError('fetch failed', { cause });
    };
    const client = new Client({ baseURL: 'http://gw.omnigate.invalid', fetch: dnsFailure, retryConfig: fastRetries });
    const err = (await client.chat(hi).catch((e: unknown) => e)) as ConnectionError;
    expect(err.constructor).toBe(ConnectionError);
    expect(err.message).toContain('http://gw.omnigate.invalid');
    expect(err.message).toContain('ENOTFOUND');
    expect(calls).toBe(3);
  });

  it('reset before headers: retried, then ConnectionError', async () => {
    const server = await serve((req) => {
      req.socket.destroy();
    });
    const err = (await new Client({ baseURL: server.url, retryConfig: fastRetries }).chat(hi).catch((e: unknown) => e)) as ConnectionError;
    expect(err.constructor).toBe(ConnectionError);
    expect(err.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('reset after headers: retried, then ConnectionError', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      res.flushHeaders();
      setTimeout(() => res.destroy(), 5);
    });
    const err = (await new Client({ baseURL: server.url, retryConfig: fastRetries }).chat(hi).catch((e: unknown) => e)) as ConnectionError;
    expect(err.constructor).toBe(ConnectionError);
    expect(server.requests).toHaveLength(3);
  });

  it('reset mid-body on every attempt: ConnectionError', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-1","content":"');
      setTimeout(() => res.destroy(), 5);
    });
    const err = await new Client({ baseURL: server.url, retryConfig: fastRetries }).chat(hi).catch((e: unknown) => e);
    expect((err as Error).constructor).toBe(ConnectionError);
    expect(server.requests).toHaveLength(3);
  });

  it('reset mid-stream: ConnectionError from the loop, after the text that came, not retried', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('Once upon');
      await sleep(10);
      res.destroy();
    });
    const { items, error } = await collect(new Client({ baseURL: server.url, retryConfig: fastRetries }).chatStream(hi));
    expect(items.join('')).toBe('Once upon');
    expect((error as Error).constructor).toBe(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it('headers that never come: TimeoutError', async () => {
    const server = await serve(() => {});
    const err = (await new Client({ baseURL: server.url, timeout: 80, retryConfig: fastRetries })
      .me()
      .catch((e: unknown) => e)) as TimeoutError;
    expect(err.constructor).toBe(TimeoutError);
    expect(err.attempts).toBe(3);
  });

  it('a stream that stalls: TimeoutError', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a');
    });
    const { error } = await collect(new Client({ baseURL: server.url, timeout: 100 }).chatStream(hi));
    expect((error as Error).constructor).toBe(TimeoutError);
  });

  it('a keep-alive socket the server closed between two calls: both calls succeed', async () => {
    const server = await serve((_req, res) => json(res, 200, chatAnswer));
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    expect(await client.chat(hi)).toEqual(chatAnswer);
    expect(server.closedSockets).toBe(0);
    server.closeIdle();
    for (let i = 0; i < 50 && server.closedSockets === 0; i++) await sleep(5);
    expect(server.closedSockets).toBe(1);
    expect(await client.chat(hi)).toEqual(chatAnswer);
  });

  it('a server that drops each keep-alive socket just after answering: every call still succeeds', async () => {
    const sockets = new Set<unknown>();
    const server = await serve((req, res) => {
      sockets.add(req.socket);
      json(res, 200, chatAnswer);
      res.on('finish', () => setTimeout(() => req.socket.destroy(), 1));
    });
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    for (let i = 0; i < 20; i++) expect(await client.chat(hi)).toEqual(chatAnswer);
    // Each socket is dropped 1 ms after its response: once the last one is, every socket used was dropped.
    for (let i = 0; i < 100 && server.closedSockets < sockets.size; i++) await sleep(5);
    expect(server.closedSockets).toBe(sockets.size);
    expect(sockets.size).toBeGreaterThanOrEqual(10);
  });
});

describe('Retry-After in all its forms', () => {
  const rateLimitedThenOk = (header: Record<string, string>) =>
    serve((_req, res, _s, i) => (i === 0 ? json(res, 429, { detail: 'Rate limit exceeded' }, header) : json(res, 200, chatAnswer)));

  it.each([
    ['integer seconds', { 'retry-after': '1' }, 1000],
    ['decimal seconds', { 'retry-after': '0.2' }, 200],
    ['retry-after-ms', { 'retry-after-ms': '150' }, 150],
  ])('%s: waited in full, then success', async (_label, header, minGap) => {
    const server = await rateLimitedThenOk(header);
    expect(await new Client({ baseURL: server.url, retryConfig: fastRetries }).chat(hi)).toEqual(chatAnswer);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(minGap - 5);
  });

  it('an HTTP-date in the future: not retried before it', async () => {
    const at = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    const server = await rateLimitedThenOk({ 'retry-after': new Date(at).toUTCString() });
    expect(await new Client({ baseURL: server.url, retryConfig: fastRetries }).chat(hi)).toEqual(chatAnswer);
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(at - 5);
  });

  it.each([
    ['an HTTP-date in the past', { 'retry-after': 'Sun, 06 Nov 1994 08:49:37 GMT' }],
    ['a negative value', { 'retry-after': '-5' }],
    ['garbage', { 'retry-after': 'whenever' }],
  ])('%s: retried promptly, then success', async (_label, header) => {
    const server = await rateLimitedThenOk(header);
    expect(await new Client({ baseURL: server.url, retryConfig: fastRetries }).chat(hi)).toEqual(chatAnswer);
    expect(server.requests).toHaveLength(2);
  });

  it('a very large value: RateLimitError at once, with the wait it asked for', async () => {
    const server = await rateLimitedThenOk({ 'retry-after': '99999' });
    const { lines, logger } = captureLog();
    const err = await new Client({ baseURL: server.url, retryConfig: fastRetries, logger }).chat(hi).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(99999);
    expect(server.requests).toHaveLength(1);
    expect(lines).toEqual([
      [
        'warn',
        'omnigate: Retry-After above maxRetryAfter: not retried',
        { operation: 'POST /v1/chat', attempt: 1, status: 429, waitMs: 99_999_000 },
      ],
    ]);
  });
});

describe('malformed successes', () => {
  it.each([
    ['a missing required field', { ...chatAnswer, cost_usd: undefined }, /^cost_usd: missing$/],
    ['a wrong type', { ...chatAnswer, cached: 'no' }, /^cached: expected boolean, got string$/],
    [
      'a wrong nested type',
      { ...chatAnswer, usage: { ...chatAnswer.usage, prompt_tokens: null } },
      /^usage\.prompt_tokens: expected integer, got null$/,
    ],
    ['an array instead of the object', [chatAnswer], /^\(body\): expected object, got array$/],
  ])('%s: ResponseValidationError naming the field', async (_label, body, issue) => {
    const server = await serve((_req, res) => json(res, 200, body));
    const err = (await new Client({ baseURL: server.url }).chat(hi).catch((e: unknown) => e)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]).toMatch(issue);
  });

  it('extra unknown fields pass through', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { ...chatAnswer, usage: { ...chatAnswer.usage, cached_tokens: 3 }, region: 'eu' }),
    );
    const answer = await new Client({ baseURL: server.url }).chat(hi);
    expect(answer).toMatchObject({ region: 'eu', usage: { cached_tokens: 3 } });
  });
});
