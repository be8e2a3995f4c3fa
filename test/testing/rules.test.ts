// The gateway's rules as the mock keeps them, on a clock the test moves: the rate limit's minute, budgets' days and
// months, the circuit breaker's pause, the cache, fallback, metrics' windows; and the mock on loopback, for the
// clients that take no fetch (the OpenAI SDK here).
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ConnectionError } from '../../src/index.js';
import { createMockGateway, type MockGateway, type MockGatewayOptions } from '../../src/testing.js';
import { collect } from '../support/server.js';

let gw: MockGateway;
afterEach(() => gw?.close());

/** A mock on a clock that starts at `start` and moves when told. */
function onClock(options: MockGatewayOptions = {}, start = Date.UTC(2026, 10, 30, 23, 59, 10)) {
  const clock = { now: start };
  gw = createMockGateway({ ...options, clock: () => clock.now });
  const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, retries: 0 });
  return { gw, client, clock };
}
const hi = { model: 'gpt-4o-mini', messages: 'hi' };

describe('limits over time', () => {
  it('the rate limit: a fixed window per minute; every call counts, valid or not; other routes are not limited', async () => {
    const { gw, client, clock } = onClock({ rateLimitPerMin: 2 });
    expect((await client.chat(hi).withResponse()).meta.rateLimit).toEqual({ limit: 2, remaining: 1, reset: 50 });
    const invalid = await gw.fetch(`${gw.url}/v1/chat`, { method: 'POST', headers: { 'x-api-key': gw.apiKey }, body: '{}' });
    expect(invalid.status).toBe(422);
    const refused = await client.chat(hi).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'RateLimitError', retryAfter: 50, detail: 'Rate limit exceeded' });
    await client.me();
    clock.now += 50_000;
    expect((await client.chat(hi).withResponse()).meta.rateLimit).toMatchObject({ remaining: 1, reset: 60 });
  });

  it('budgets: the daily one is spent until midnight UTC, the monthly one until the month turns', async () => {
    const { client, clock } = onClock({ dailyBudget: 0.0004, monthlyBudget: 0.0009 });
    await client.chat({ model: 'gpt-4', messages: 'hi' });
    await expect(client.chat(hi)).rejects.toMatchObject({ statusCode: 402, detail: 'Project daily budget exceeded' });
    clock.now += 60_000; // 1 December: a new day, and a new month
    const next = await client.chat({ model: 'gpt-4', messages: 'hi' }).withResponse();
    expect(next.meta.budget).toMatchObject({
      projectDailySpend: '0.000000',
      projectMonthlySpend: '0.000000',
      projectMonthlyLimit: '0.0009',
    });
    clock.now += 86_400_000;
    await client.chat({ model: 'gpt-4', messages: 'hi' }); // 2 December: the month has spent 0.00096
    clock.now += 86_400_000;
    await expect(client.chat(hi)).rejects.toMatchObject({ statusCode: 402, detail: 'Project monthly budget exceeded' });
  });

  it('the circuit breaker: five provider failures in a row open it for 30 s', async () => {
    const { client, clock } = onClock();
    for (let i = 0; i < 5; i++)
      await expect(client.chat({ model: 'gpt-4o-mini', messages: 'fail:502' })).rejects.toMatchObject({ statusCode: 502 });
    await expect(client.chat(hi)).rejects.toMatchObject({ statusCode: 503, detail: 'openai circuit is open' });
    clock.now += 30_000;
    expect((await client.chat(hi)).content).toBe('echo: hi');
  });
});

describe('routing', () => {
  it('the cache: temperature 0 and cache, the second answer cached and free', async () => {
    const { client } = onClock();
    const ask = { model: 'gpt-4o-mini', messages: 'cacheme', temperature: 0, cache: true };
    expect(await client.chat(ask)).toMatchObject({ cached: false, cost_usd: 0.000003 });
    const again = await client.chat(ask).withResponse();
    expect(again.data).toMatchObject({ cached: true, cost_usd: 0, latency_ms: 0 });
    expect(again.meta.cached).toBe(true);
    expect((await client.metrics()).totals.cache_hit_rate).toBe(0.5);
  });

  it('fallback: an unroutable model, then the next that answers; model prefixes ignore case, prices do not', async () => {
    const { client } = onClock({ providers: ['openai', 'anthropic'] });
    expect(await client.chat({ model: 'llama-3', messages: 'hi', fallback_models: ['claude-3-5-haiku-latest'] })).toMatchObject({
      provider: 'anthropic',
      model: 'claude-3-5-haiku-latest',
      fallback_used: true,
    });
    expect(await client.chat({ model: 'GPT-4o-mini', messages: 'hi' })).toMatchObject({ provider: 'openai', cost_usd: 0 });
    await expect(client.chat({ model: 'gemini-1.5-pro', messages: 'hi' })).rejects.toMatchObject({
      statusCode: 400,
      detail: 'No gemini key configured for this project. Add one via POST /v1/keys.',
    });
  });

  it('metrics: the default granularity follows the window; buckets are UTC; bad parameters are 422s', async () => {
    const { client, clock } = onClock();
    await client.chat(hi);
    clock.now += 3_600_000;
    await client.chat(hi);
    const day = await client.metrics({ range: '7d' });
    expect(day).toMatchObject({ granularity: 'day', timeseries: [{ bucket: '2026-11-30T00:00:00Z' }, { bucket: '2026-12-01T00:00:00Z' }] });
    expect((await client.metrics({ range: '24h' })).timeseries.map((p) => p.bucket)).toEqual([
      '2026-11-30T23:00:00Z',
      '2026-12-01T00:00:00Z',
    ]);
    expect((await client.metrics({ range: '1h' })).granularity).toBe('minute');
    await expect(client.metrics({ from: '2026-11-29T00:00:00' })).rejects.toMatchObject({ detail: "'from' must be timezone-aware" });
  });
});

describe('on loopback: listen()', () => {
  it('the OpenAI SDK against it: a completion and a stream', async () => {
    gw = createMockGateway();
    const baseURL = await gw.listen();
    expect(await gw.listen()).toBe(baseURL);
    const openai = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: gw.apiKey, maxRetries: 0 });
    const done = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(done.choices[0]!.message.content).toBe('echo: hi');
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: hi');
    expect(gw.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${gw.apiKey.slice(0, 12)}…`,
      `Bearer ${gw.apiKey.slice(0, 12)}…`,
    ]);
  });

  it('a cut drops the connection; a caller that leaves ends the stream; close() stops listening', async () => {
    gw = createMockGateway({ streamPace: 5, reply: () => Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ') });
    const baseURL = await gw.listen();
    const client = new Client({ baseURL, apiKey: gw.apiKey, retries: 0 });
    gw.failNext('me', { kind: 'cut' });
    await expect(client.me()).rejects.toBeInstanceOf(ConnectionError);
    let pieces = 0;
    for await (const _ of client.chatStream(hi)) if (++pieces === 3) break;
    await expect.poll(async () => (await client.metrics({ group_by: 'status' })).breakdown[0]?.key).toBe('incomplete');
    await gw.close();
    await expect(client.health()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('a hang over HTTP ends with the client’s timeout, and the stream’s failure arrives as on the wire', async () => {
    gw = createMockGateway();
    const client = new Client({ baseURL: await gw.listen(), apiKey: gw.apiKey, retries: 0, timeout: 100 });
    gw.failNext('chat', { kind: 'hang' });
    await expect(client.chat(hi)).rejects.toMatchObject({ name: 'TimeoutError' });
    gw.failNext('chat', { kind: 'streamFailure', after: 'echo:' });
    expect(await collect(client.chatStream(hi))).toMatchObject({ items: ['echo:'], error: { name: 'ProviderError' } });
  });
});
