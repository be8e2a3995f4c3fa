// Scripted failures as one checked mechanism: refused when no call of the route could meet them, used up only by a
// call they apply to (waiting for it otherwise), listed and reset; and `use()` handlers that answer before the mock.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ProviderError, RateLimitError } from '../../src/index.js';
import { createMockGateway, type MockGateway } from '../../src/testing.js';

let gw: MockGateway;
afterEach(() => gw?.close());
const setup = () => {
  gw = createMockGateway();
  return new Client({ baseURL: gw.url, fetch: gw.fetch, apiKey: gw.apiKey, retries: 0 });
};
const hi = { model: 'gpt-4o-mini', messages: 'hi' };

describe('a failure no call of the route could meet is refused when scripted', () => {
  it.each([
    ['me', 'provider'],
    ['listModels', 'streamFailure'],
    ['createApiKey', 'provider'],
  ] as const)('%s with %s', (route, kind) => {
    gw = createMockGateway();
    expect(() => gw.failNext(route, kind === 'provider' ? { kind, status: 500 } : { kind })).toThrow(
      new RegExp(`a ${kind} failure applies to the chat routes \\(chat, chatCompletions\\), which reach a provider; ${route} does not`),
    );
    expect(gw.pendingFailures()).toEqual([]);
  });

  it('an unknown kind, a bad count and an unknown route are refused too', () => {
    gw = createMockGateway();
    expect(() => gw.failNext('chat', { kind: 'explode' } as never)).toThrow(/unknown failure kind "explode"/);
    expect(() => gw.failNext('chat', { kind: 'hang' }, 0)).toThrow(/times must be a whole number of 1 or more/);
    expect(() => gw.failNext('nope' as never, { kind: 'hang' })).toThrow(/unknown route nope/);
  });
});

describe('a failure is used up only by a call it applies to', () => {
  it('a stream failure waits for a stream: a plain chat goes by', async () => {
    const client = setup();
    gw.failNext('chat', { kind: 'streamFailure', after: 'echo:' });
    expect((await client.chat(hi)).content).toBe('echo: hi');
    expect(gw.pendingFailures()).toEqual([{ route: 'chat', failure: { kind: 'streamFailure', after: 'echo:' }, remaining: 1 }]);
    let text = '';
    await expect(async () => {
      for await (const piece of client.chatStream(hi)) text += piece;
    }).rejects.toThrow(ProviderError);
    expect(text).toBe('echo:');
    expect(gw.pendingFailures()).toEqual([]);
  });

  it('a provider failure is not used by a call refused before the provider: a bad key, a bad body, another provider’s missing key', async () => {
    const client = setup();
    gw.failNext('chat', { kind: 'provider', status: 500 });
    const wrongKey = new Client({ baseURL: gw.url, fetch: gw.fetch, apiKey: 'llmg_wrong', retries: 0 });
    await expect(wrongKey.chat(hi)).rejects.toMatchObject({ name: 'AuthError' });
    const raw = await gw.fetch(`${gw.url}/v1/chat`, {
      method: 'POST',
      headers: { 'x-api-key': gw.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    });
    expect(raw.status).toBe(422);
    await expect(client.chat({ ...hi, model: 'claude-3-5-sonnet-latest' })).rejects.toMatchObject({ statusCode: 400 });
    expect(gw.pendingFailures()).toHaveLength(1);
    await expect(client.chat(hi)).rejects.toMatchObject({ name: 'ProviderError', statusCode: 500 });
    expect(gw.pendingFailures()).toEqual([]);
  });

  it('a scripted 429 is met only by a call whose key passed', async () => {
    const client = setup();
    gw.failNext('me', { kind: 'rateLimit', retryAfter: 3 });
    await expect(new Client({ baseURL: gw.url, fetch: gw.fetch, apiKey: 'llmg_wrong', retries: 0 }).me()).rejects.toMatchObject({
      statusCode: 401,
    });
    expect(gw.pendingFailures()).toHaveLength(1);
    await expect(client.me()).rejects.toBeInstanceOf(RateLimitError);
    expect(gw.pendingFailures()).toEqual([]);
  });

  it('in order, each as many times as scripted; resetFailures forgets them all', async () => {
    const client = setup();
    gw.failNext('me', { kind: 'answer', status: 503, body: { detail: 'a' } }, 2);
    gw.failNext('me', { kind: 'answer', status: 418, body: { detail: 'b' } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        await client.me().then(
          () => 200,
          (e: { statusCode: number }) => e.statusCode,
        ),
      );
    expect(statuses).toEqual([503, 503, 418, 200]);
    gw.failNext('health', { kind: 'hang' }, 5);
    gw.use('me', () => Response.json({ detail: 'x' }, { status: 500 }));
    expect(gw.pendingFailures()).toHaveLength(1);
    gw.resetFailures();
    expect(gw.pendingFailures()).toEqual([]);
    expect((await client.me()).project_name).toBe('Default');
  });
});

describe('use(): any other answer, before the mock’s own', () => {
  it('a handler answers; undefined lets the mock answer; once answers one call', async () => {
    const client = setup();
    gw.use('listModels', () => Response.json({ object: 'list', data: [] }), { once: true });
    gw.use('chat', async (request) =>
      (await request.json()).model === 'gpt-4' ? Response.json({ detail: 'not today' }, { status: 400 }) : undefined,
    );
    expect(await client.models()).toEqual([]);
    expect((await client.models()).length).toBeGreaterThan(10);
    await expect(client.chat({ ...hi, model: 'gpt-4' })).rejects.toMatchObject({ statusCode: 400, detail: 'not today' });
    expect((await client.chat(hi)).content).toBe('echo: hi');
  });
});
