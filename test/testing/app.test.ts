// omnigate/testing as an app's test suite uses it: one Client on the mock's in-memory fetch, no network, exercising
// sign-up, chat, streams (a failure mid-stream included), a 429 retried after Retry-After, a 402, key revocation
// and metrics; and what the mock offers such a suite: scripted failures, latency, the request log, printing.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIError,
  AuthError,
  BudgetExceededError,
  Client,
  type ClientOptions,
  ConnectionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
} from '../../src/index.js';
import { createMockGateway, type MockGateway, type MockGatewayOptions } from '../../src/testing.js';
import { captureLog, collect } from '../support/server.js';

let gw: MockGateway;
afterEach(() => gw?.close());

function setup(options: MockGatewayOptions = {}, client: ClientOptions = {}) {
  gw = createMockGateway(options);
  const log = captureLog();
  return { gw, log, client: new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, logger: log.logger, ...client }) };
}
const hi = { model: 'gpt-4o-mini', messages: 'hi' };

describe('an app’s test against createMockGateway()', () => {
  it('sign-up, a provider key, chat with usage and cost from the catalogue, and /v1/me', async () => {
    const { gw } = setup();
    const anon = new Client({ fetch: gw.fetch, baseURL: gw.url });
    const account = await anon.signup({ email: 'dev@example.com' });
    expect(account.api_key).toMatch(/^llmg_[\w-]{43}$/);
    expect(account.message).toMatch(/^Save your api_key now/);
    const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: account.api_key });
    await expect(client.chat(hi)).rejects.toMatchObject({
      statusCode: 400,
      detail: 'No openai key configured for this project. Add one via POST /v1/keys.',
    });
    await client.setProviderKey({ provider: 'openai', api_key: 'sk-test-12345678' });
    const reply = await client.chat({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'Bonjour !' },
      ],
    });
    expect(reply).toMatchObject({ content: 'echo: Bonjour !', provider: 'openai', cached: false, fallback_used: false });
    // Tokens as words and punctuation marks: 5, then 4 and the content's per message; `echo`, `:`, `Bonjour`, `!`.
    expect(reply.usage).toEqual({ prompt_tokens: 5 + 4 + 2 + 4 + 2, completion_tokens: 4, total_tokens: 21 });
    expect(reply.cost_usd).toBe(0.000005); // (17 × 0.00015 + 4 × 0.0006) / 1000, to six places
    expect(await client.me()).toMatchObject({ project_id: account.project_id, configured_providers: ['openai'], project_name: 'Default' });
  });

  it('streams: the text in pieces, and a failure mid-stream as the ProviderError with the text before it', async () => {
    const { gw, client } = setup({ reply: () => 'Hello there, world' });
    const whole = await collect(client.chatStream(hi));
    expect(whole).toEqual({ items: ['Hello', ' there,', ' world'], error: undefined });
    gw.failNext('chat', { kind: 'streamFailure', after: 'Hello there,' });
    const broken = await collect(client.chatStream(hi));
    expect(broken.items.join('')).toBe('Hello there,');
    expect(broken.error).toBeInstanceOf(ProviderError);
    expect(broken.error).toMatchObject({ detail: 'OpenAI error 500: {"error":"upstream broke"}' });
    gw.failNext('chatCompletions', { kind: 'streamFailure', after: 'Hello', message: 'Anthropic error 529: overloaded' });
    const compat = await collect(client.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    expect(compat.items.flatMap((c) => c.choices.map((x) => x.delta.content ?? ''))).toEqual(['', 'Hello']);
    expect(compat.error).toMatchObject({ name: 'ProviderError', detail: 'Anthropic error 529: overloaded' });
  });

  it('a 429 the client retries after Retry-After, then the answer', async () => {
    const { gw, client, log } = setup({}, { logLevel: 'info' });
    gw.failNext('chat', { kind: 'rateLimit', retryAfter: 1 });
    expect((await client.chat(hi)).content).toBe('echo: hi');
    expect(gw.requests.map((r) => r.path)).toEqual(['/v1/chat', '/v1/chat']);
    expect(log.lines).toContainEqual(['info', 'omnigate: retrying', expect.objectContaining({ delayMs: 1000, status: 429 })]);
  });

  it('a 402 once the daily budget is spent, and no more calls', async () => {
    const { client } = setup({ dailyBudget: 0.0005 }, { retries: 0 });
    expect((await client.chat({ model: 'gpt-4', messages: 'hi' })).cost_usd).toBe(0.00048);
    const after = await client.chat({ model: 'gpt-4', messages: 'hi' }).withResponse();
    expect(after.meta.budget).toMatchObject({ projectDailySpend: '0.000480', projectDailyLimit: '0.0005' });
    const refused = await client.chat(hi).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({ statusCode: 402, detail: 'Project daily budget exceeded' });
  });

  it('gateway keys: created, listed, revoked (a revoked key is a 401), revoking twice is fine', async () => {
    const { gw, client } = setup();
    const ci = await client.createApiKey({ name: 'ci' });
    const other = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: ci.api_key, retries: 0 });
    await other.me();
    const [listed] = await client.listApiKeys();
    expect(listed).toMatchObject({ id: ci.id, name: 'ci', revoked_at: null, last_used_at: expect.any(String) });
    await client.revokeApiKey(ci.id);
    await client.revokeApiKey(ci.id);
    await expect(other.me()).rejects.toBeInstanceOf(AuthError);
    expect((await client.listApiKeys())[0]!.revoked_at).toEqual(expect.any(String));
    await expect(client.revokeApiKey('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      statusCode: 404,
      detail: 'API key not found',
    });
  });

  it('metrics add up what was called: requests, tokens, cost, errors, users', async () => {
    const { client } = setup({}, { retries: 0 });
    await client.chat(hi);
    await client.chat(hi, { userId: 'u-42' });
    await client.chat({ model: 'claude-3-5-haiku-latest', messages: 'hi' }).catch(() => {});
    await collect(client.chatStream(hi));
    const m = await client.metrics({ range: '1h', group_by: 'user' });
    expect(m.granularity).toBe('minute');
    expect(m.totals).toMatchObject({
      requests: 4,
      prompt_tokens: 30,
      completion_tokens: 9,
      total_tokens: 39,
      cost_usd: 0.000009,
      error_rate: 0.25,
    });
    expect(m.breakdown).toEqual([
      expect.objectContaining({ key: 'unknown', requests: 3 }),
      expect.objectContaining({ key: 'u-42', requests: 1, total_tokens: 13, cost_usd: 0.000003 }),
    ]);
    expect(m.timeseries.reduce((n, p) => n + p.requests, 0)).toBe(4);
  });
});

describe('scripted failures', () => {
  it('any answer: status, JSON or text body, headers; for the next `times` calls only', async () => {
    const { gw, client } = setup({}, { retries: 0 });
    gw.failNext('me', { kind: 'answer', status: 418, body: { detail: 'teapot' }, headers: { 'x-request-id': 'tea-1' } }, 2);
    for (let i = 0; i < 2; i++) await expect(client.me()).rejects.toMatchObject({ statusCode: 418, detail: 'teapot', requestId: 'tea-1' });
    expect((await client.me()).project_name).toBe('Default');
    gw.failNext('health', { kind: 'answer', status: 503, body: 'down for maintenance' });
    await expect(client.health()).rejects.toMatchObject({ statusCode: 503, detail: 'down for maintenance' });
  });

  it('a provider’s error passed through with its status, in each route’s shape', async () => {
    const { gw, client } = setup({}, { retries: 0 });
    gw.failNext('chat', { kind: 'provider', status: 429, body: '{"error":{"message":"Rate limit reached"}}' });
    const err = await client.chat(hi).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({
      statusCode: 429,
      detail: 'OpenAI error 429: {"error":{"message":"Rate limit reached"}}',
      retryAfter: null,
    });
    gw.failNext('chatCompletions', { kind: 'provider', status: 500 });
    const compat = await client.completions({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(compat).toMatchObject({
      statusCode: 500,
      body: { error: { type: 'provider_error', message: expect.stringMatching(/^OpenAI error 500: /) } },
    });
  });

  it('a connection cut mid-body: the ConnectionError, after the retries', async () => {
    const { gw, client } = setup({}, { retries: 1, retryConfig: { backoffBase: 1, backoffMax: 2 } });
    gw.failNext('me', { kind: 'cut' }, 2);
    await expect(client.me()).rejects.toBeInstanceOf(ConnectionError);
    expect(gw.requests).toHaveLength(2);
    gw.failNext('chat', { kind: 'cut', after: 3 });
    const streamed = await collect(client.chatStream({ model: 'gpt-4o-mini', messages: 'one two three' }));
    expect(streamed.items.join('')).toBe('ech');
    expect(streamed.error).toBeInstanceOf(ConnectionError);
  });

  it('a hang: the client’s timeout ends it; close() ends one nobody times out', async () => {
    const { gw, client } = setup({}, { retries: 0, timeout: 50 });
    gw.failNext('chat', { kind: 'hang' });
    await expect(client.chat(hi)).rejects.toBeInstanceOf(TimeoutError);
    gw.failNext('me', { kind: 'hang' });
    const pending = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, retries: 0, timeout: 60_000 }).me();
    await gw.close();
    await expect(pending).rejects.toBeInstanceOf(ConnectionError);
    await expect(gw.fetch(`${gw.url}/health`)).rejects.toThrow(/was closed/);
  });

  it('latency before every answer, and stream pieces paced apart', async () => {
    const { client } = setup({ latency: 5_000 }, { retries: 0, timeout: 50 });
    await expect(client.health()).rejects.toBeInstanceOf(TimeoutError);
    const paced = setup({ streamPace: 30, reply: () => 'a b c d' });
    const chunks: number[] = [];
    const response = await paced.gw.fetch(`${paced.gw.url}/v1/chat`, {
      method: 'POST',
      headers: { 'x-api-key': paced.gw.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ ...hi, messages: [{ role: 'user', content: 'x' }], stream: true }),
    });
    const reader = response.body!.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value.length);
    expect(chunks).toEqual([1, 2, 2, 2]);
  });

  it('unknown routes and options are refused at once, with what is known', () => {
    expect(() => createMockGateway({ ratelimit: 5 } as never)).toThrow(/unknown option ratelimit \(known: rateLimitPerMin/);
    expect(() => createMockGateway({ latency: -1 })).toThrow(/latency must be a number of 0 or more/);
    expect(() => setup().gw.failNext('chatStream' as never, { kind: 'hang' })).toThrow(/unknown route chatStream \(routes: health/);
  });
});

describe('the mock itself', () => {
  it('its fetch serves its own URL only; other URLs fail as a network error would, and nothing is sent', async () => {
    const { gw } = setup();
    await expect(gw.fetch('https://api.openai.com/v1/models')).rejects.toThrow(
      /serves http:\/\/omnigate\.localhost only, not https:\/\/api\.openai\.com/,
    );
    const client = new Client({ fetch: gw.fetch, baseURL: 'https://gw.example.com', retries: 0 });
    await expect(client.health()).rejects.toBeInstanceOf(ConnectionError);
    expect(gw.requests).toEqual([]);
  });

  it('keys never show: not in the request log, not when the mock is printed or serialised', async () => {
    const { gw, client } = setup();
    await client.me();
    await gw.fetch(`${gw.url}/v1/me`, { headers: { authorization: `Bearer ${gw.apiKey}` } });
    const shown = [inspect(gw), JSON.stringify(gw), inspect(gw.requests, { depth: 9 }), JSON.stringify(gw.requests)].join('\n');
    expect(shown).not.toContain(gw.apiKey);
    expect(gw.requests[0]!.headers['x-api-key']).toBe(`${gw.apiKey.slice(0, 12)}…`);
    expect(gw.requests[1]!.headers.authorization).toBe(`Bearer ${gw.apiKey.slice(0, 12)}…`);
    expect(inspect(gw)).toBe("MockGateway { url: 'http://omnigate.localhost' }");
  });

  it('a caller that leaves mid-stream ends it: recorded incomplete, not billed', async () => {
    const { client } = setup({ streamPace: 5, reply: () => Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ') });
    const stream = client.chatStream(hi);
    let pieces = 0;
    for await (const _ of stream) if (++pieces === 3) break;
    const m = await client.metrics({ group_by: 'status' });
    expect(m.breakdown).toEqual([expect.objectContaining({ key: 'incomplete', requests: 1, cost_usd: 0 })]);
  });

  it('an APIError for what the gateway refuses before routing: a 422 with FastAPI’s list, word for word', async () => {
    const { client } = setup({}, { retries: 0 });
    const err = await client.createApiKey({ name: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect(err).toMatchObject({
      statusCode: 422,
      body: {
        detail: [
          {
            type: 'string_too_short',
            loc: ['body', 'name'],
            msg: 'String should have at least 1 character',
            input: '',
            ctx: { min_length: 1 },
          },
        ],
      },
    });
  });
});
