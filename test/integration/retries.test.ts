// Retries and classification against a real loopback server.
import { describe, expect, it } from 'vitest';
import { APIError, AuthError, Client, ConnectionError, ProviderError, RateLimitError } from '../../src/index.js';
import { captureLog, chatAnswer, closedPort, fastRetries, hi, json, serverPerTest } from '../support/server.js';

const serve = serverPerTest();

describe('retries', () => {
  it.each([429, 500, 502, 503, 504])('retries %i and then succeeds, sending the same body each time', async (status) => {
    const server = await serve((_req, res, _seen, i) =>
      i === 0 ? json(res, status, { detail: 'openai circuit is open' }) : json(res, 200, chatAnswer),
    );
    const client = new Client({ baseURL: server.url, apiKey: 'llmg_k', retryConfig: fastRetries });
    expect(await client.chat({ ...hi, temperature: 0.5 })).toEqual(chatAnswer);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.5,
      stream: false,
    });
  });

  it('gives up after maxRetries and raises the last answer, classified', async () => {
    const server = await serve((_req, res) => json(res, 502, { detail: 'OpenAI request failed: boom' }, { 'x-request-id': 'r-502' }));
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    const err = await client.chat(hi).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ statusCode: 502, detail: 'OpenAI request failed: boom', requestId: 'r-502' });
    expect(server.requests).toHaveLength(3);
  });

  it.each([400, 401, 402, 404, 422])('never retries %i', async (status) => {
    const server = await serve((_req, res) => json(res, status, { detail: 'nope' }));
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    await expect(client.me()).rejects.toBeInstanceOf(APIError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries: 0 on the call turns retries off for that call only', async () => {
    const server = await serve((_req, res) => json(res, 503, { detail: 'busy' }));
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    await expect(client.health({ retries: 0 })).rejects.toMatchObject({ statusCode: 503 });
    expect(server.requests).toHaveLength(1);
    await expect(client.health()).rejects.toMatchObject({ statusCode: 503 });
    expect(server.requests).toHaveLength(4);
  });

  it('retries counts whatever retryConfig says', async () => {
    const server = await serve((_req, res) => json(res, 500, { detail: 'x' }));
    const client = new Client({ baseURL: server.url, retries: 1, retryConfig: { ...fastRetries, maxRetries: 5 } });
    await expect(client.health()).rejects.toBeInstanceOf(APIError);
    expect(server.requests).toHaveLength(2);
  });

  it('waits at least what Retry-After asks, never less', async () => {
    const server = await serve((_req, res, _s, i) =>
      i === 0 ? json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after-ms': '300' }) : json(res, 200, chatAnswer),
    );
    const client = new Client({ baseURL: server.url, retryConfig: fastRetries });
    await client.chat(hi);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(295);
  });

  it('raises RateLimitError at once when Retry-After is above maxRetryAfter', async () => {
    const server = await serve((_req, res) =>
      json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '120', 'x-request-id': 'r1' }),
    );
    const { lines, logger } = captureLog();
    const client = new Client({ baseURL: server.url, logger });
    const started = Date.now();
    const err = await client.chat(hi).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ retryAfter: 120, statusCode: 429, requestId: 'r1', detail: 'Rate limit exceeded' });
    expect(server.requests).toHaveLength(1);
    expect(lines.map(([level, , data]) => [level, data?.waitMs])).toEqual([['warn', 120_000]]);
  });

  it('a connection refused becomes ConnectionError naming the base URL after every retry', async () => {
    const url = await closedPort();
    const client = new Client({ baseURL: url, apiKey: 'llmg_secret_key_value', retryConfig: fastRetries });
    const err = (await client.me().catch((e: unknown) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.attempts).toBe(3);
    expect(err.message).toContain(url);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).not.toContain('llmg_secret_key_value');
  });
});

describe('classification over the wire', () => {
  it('a gateway 401 is AuthError, a provider 401 is ProviderError', async () => {
    const server = await serve((_req, res, _s, i) =>
      json(res, 401, { detail: i === 0 ? 'Invalid API key' : 'OpenAI error 401: {"error":{}}' }),
    );
    const client = new Client({ baseURL: server.url });
    await expect(client.chat(hi)).rejects.toBeInstanceOf(AuthError);
    await expect(client.chat(hi)).rejects.toBeInstanceOf(ProviderError);
  });

  it.each([
    ['an HTML page', '<html><head><title>502 Bad Gateway</title></head></html>', 'text/html', '502 Bad Gateway'],
    ['plain text', 'upstream connect error', 'text/plain', 'upstream connect error'],
    ['an empty body', '', 'text/plain', 'HTTP 502'],
    ['truncated JSON', '{"detail": "Open', 'application/json', '{"detail": "Open'],
  ])('a 502 with %s is ProviderError with a string detail', async (_label, body, type, detail) => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': type });
      res.end(body);
    });
    const client = new Client({ baseURL: server.url, retries: 0 });
    const err = await client.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ statusCode: 502, detail });
  });
});

describe('what is sent', () => {
  it('sends the key as x-api-key (never Authorization), the user agent, and x-user-id with the call winning', async () => {
    const server = await serve((_req, res) => json(res, 200, chatAnswer));
    const client = new Client({ baseURL: server.url, apiKey: 'llmg_abc', userId: 'u-1', headers: { 'x-team': 'core' } });
    await client.chat(hi);
    await client.chat(hi, { userId: 'u-2', headers: { 'x-trace': 't' } });
    const [a, b] = server.requests;
    expect(a!.headers['x-api-key']).toBe('llmg_abc');
    expect(a!.headers.authorization).toBeUndefined();
    expect(a!.headers['user-agent']).toMatch(/^omnigate-ts\/\d+\.\d+\.\d+/);
    expect(a!.headers['x-user-id']).toBe('u-1');
    expect(a!.headers['x-team']).toBe('core');
    expect(b!.headers['x-user-id']).toBe('u-2');
    expect(b!.headers['x-trace']).toBe('t');
  });

  it('a client without a key sends no x-api-key', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', version: '0.2.0' }));
    const previous = process.env.OMNIGATE_API_KEY;
    delete process.env.OMNIGATE_API_KEY;
    try {
      await new Client({ baseURL: server.url }).health();
    } finally {
      if (previous !== undefined) process.env.OMNIGATE_API_KEY = previous;
    }
    expect(server.requests[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('reads the key, base URL and user from the environment', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', version: '0.2.0' }));
    const saved = { ...process.env };
    Object.assign(process.env, { OMNIGATE_API_KEY: 'llmg_env', OMNIGATE_BASE_URL: server.url, OMNIGATE_USER_ID: 'u-env' });
    try {
      const client = new Client();
      expect(client.baseURL).toBe(server.url);
      await client.health();
    } finally {
      process.env = saved;
    }
    expect(server.requests[0]!.headers['x-api-key']).toBe('llmg_env');
    expect(server.requests[0]!.headers['x-user-id']).toBe('u-env');
  });

  it('percent-encodes path parameters, so model ids with / stay one segment', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { id: 'azure/dep', object: 'model', created: 0, owned_by: 'azure', provider: 'azure', pricing: null }),
    );
    await new Client({ baseURL: server.url }).model('azure/dep');
    expect(server.requests[0]!.url).toBe('/v1/models/azure%2Fdep');
  });

  it('calls a custom fetch unbound, as browsers and workerd require of theirs', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', version: '0.2.0' }));
    const strict = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch': Illegal invocation");
      return fetch(input, init);
    };
    expect(await new Client({ baseURL: server.url, fetch: strict as typeof fetch }).health()).toEqual({ status: 'ok', version: '0.2.0' });
  });

  it('keeps a base URL path prefix', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', version: '0.2.0' }));
    await new Client({ baseURL: `${server.url}/gw/` }).health();
    expect(server.requests[0]!.url).toBe('/gw/health');
  });
});
