// Hooks: what each event says, in which order, for whole calls, retries, errors and streams (read to the end,
// failed, abandoned); per-call hooks after the client's; a hook that throws or rejects breaks nothing; no event
// carries a key, a header or a body unless a hook asks for content.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type ClientOptions, ConnectionError, type Hooks, InvalidArgumentError, ProviderError } from '../../src/index.js';
import { createMockGateway, type MockGateway, type MockGatewayOptions } from '../../src/testing.js';
import { captureLog, closedPort, collect } from '../support/server.js';

let gw: MockGateway;
afterEach(() => gw?.close());

/** A client on the mock gateway whose hooks record every event as [name, event]. */
function recorded(options: ClientOptions = {}, mock: MockGatewayOptions = {}) {
  gw = createMockGateway(mock);
  const events: Array<[string, Record<string, unknown>]> = [];
  const record = (name: string) => (event: object) => void events.push([name, event as Record<string, unknown>]);
  const hooks: Hooks = {
    onRequest: record('onRequest'),
    onResponse: record('onResponse'),
    onRetry: record('onRetry'),
    onError: record('onError'),
    onStreamEnd: record('onStreamEnd'),
  };
  const log = captureLog();
  const client = new Client({
    fetch: gw.fetch,
    baseURL: gw.url,
    apiKey: gw.apiKey,
    hooks,
    logger: log.logger,
    retryConfig: { backoffBase: 1, backoffMax: 5 },
    ...options,
  });
  return { client, events, log, names: () => events.map(([name]) => name) };
}
const hi = { model: 'gpt-4o-mini', messages: 'hi' };

describe('whole calls', () => {
  it('a chat: onRequest, then onResponse with the meta, usage, finish reason and cost; one call id', async () => {
    const { client, events, names } = recorded();
    await client.chat(hi, { userId: 'u-1' });
    expect(names()).toEqual(['onRequest', 'onResponse']);
    const [[, request], [, response]] = events as [[string, Record<string, unknown>], [string, Record<string, unknown>]];
    expect(request).toEqual({
      callId: expect.any(Number),
      operation: 'POST /v1/chat',
      operationId: 'chat',
      route: 'POST /v1/chat',
      url: `${gw.url}/v1/chat`,
      model: 'gpt-4o-mini',
      // The model parameters, never the messages (content is off).
      params: { model: 'gpt-4o-mini', stream: false },
      input: undefined,
      attempt: 1,
      elapsedMs: expect.any(Number),
    });
    expect(response).toMatchObject({
      callId: request.callId,
      attempt: 1,
      status: 200,
      meta: {
        provider: 'openai',
        model: 'gpt-4o-mini',
        cached: false,
        fallback: false,
        rateLimit: { limit: 60, remaining: 59 },
        requestId: expect.any(String),
      },
      usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
      finishReason: 'stop',
      costUsd: 0.000003,
      responseId: expect.any(String),
      output: undefined,
    });
    expect(response.meta).not.toHaveProperty('headers');
    expect(response).not.toHaveProperty('stream');
  });

  it('a 429 retried: two attempts, the retry between them with its delay, status and reason', async () => {
    const { client, names, events } = recorded();
    gw.failNext('chat', { kind: 'rateLimit', retryAfter: 0 });
    await client.chat(hi);
    expect(names()).toEqual(['onRequest', 'onRetry', 'onRequest', 'onResponse']);
    expect(events[1]![1]).toMatchObject({ attempt: 1, delayMs: 0, status: 429, reason: 'HTTP 429' });
    expect(events.map(([, e]) => e.attempt)).toEqual([1, 1, 2, 2]);
    expect(new Set(events.map(([, e]) => e.callId)).size).toBe(1);
  });

  it('errors: a provider’s, raised at once; a network failure, after its retries; each call its own id', async () => {
    const { client, events } = recorded({ retries: 0 });
    gw.failNext('chat', { kind: 'provider', status: 401 });
    await expect(client.chat(hi)).rejects.toBeInstanceOf(ProviderError);
    expect(events.map(([n]) => n)).toEqual(['onRequest', 'onError']);
    expect(events[1]![1].error).toBeInstanceOf(ProviderError);
    const down = new Client({
      baseURL: await closedPort(),
      retries: 1,
      retryConfig: { backoffBase: 1, backoffMax: 2 },
      hooks: { onRetry: (e) => void events.push(['onRetry', e as never]), onError: (e) => void events.push(['onError', e as never]) },
    });
    await expect(down.health()).rejects.toBeInstanceOf(ConnectionError);
    expect(events.slice(2).map(([n, e]) => [n, e.attempt, e.status])).toEqual([
      ['onRetry', 1, undefined],
      ['onError', 2, undefined],
    ]);
    expect(events[2]![1].callId).not.toBe(events[0]![1].callId);
  });

  it('a bad argument is an error event too, before any request', async () => {
    const { client, names } = recorded();
    await expect(client.chat({ model: 'gpt-4o-mini', messages: [] })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(names()).toEqual([]);
  });
});

describe('streams', () => {
  it('read to the end: onResponse (stream: true), then onStreamEnd with items, bytes and no usage for plain text', async () => {
    const { client, events, names } = recorded({}, { reply: () => 'one two three' });
    expect((await collect(client.chatStream(hi))).items).toEqual(['one', ' two', ' three']);
    expect(names()).toEqual(['onRequest', 'onResponse', 'onStreamEnd']);
    expect(events[1]![1]).toMatchObject({ status: 200, stream: true, meta: { provider: 'openai' } });
    expect(events[2]![1]).toMatchObject({ items: 3, bytes: 13, usage: null, abandoned: false });
  });

  it('the compat stream’s usage, when it reports one', async () => {
    const { client, events } = recorded();
    await collect(client.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    expect(events.at(-1)![1]).toMatchObject({ usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 }, abandoned: false });
  });

  it('failing mid-way: onError, then onStreamEnd (not abandoned); left early: onStreamEnd abandoned', async () => {
    const { client, events, names } = recorded({}, { reply: () => 'a b c d e f' });
    gw.failNext('chat', { kind: 'streamFailure', after: 'a b' });
    await collect(client.chatStream(hi));
    expect(names()).toEqual(['onRequest', 'onResponse', 'onError', 'onStreamEnd']);
    expect(events[3]![1]).toMatchObject({ items: 2, abandoned: false });
    events.length = 0;
    for await (const _ of client.chatStream(hi)) break;
    expect(names()).toEqual(['onRequest', 'onResponse', 'onStreamEnd']);
    expect(events[2]![1]).toMatchObject({ items: 1, abandoned: true });
  });
});

describe('hooks that fail, per-call hooks, content', () => {
  it('a hook that throws, and one that rejects, break nothing; the first failure is logged at warn, once', async () => {
    gw = createMockGateway();
    const log = captureLog();
    const hooks: Hooks = {
      onRequest: () => {
        throw new Error('boom');
      },
      onResponse: async () => {
        throw new Error('later');
      },
    };
    const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, hooks, logger: log.logger });
    expect((await client.chat(hi)).content).toBe('echo: hi');
    expect((await client.chat(hi)).content).toBe('echo: hi');
    await new Promise((r) => setTimeout(r, 10));
    expect(log.lines).toEqual([['warn', 'omnigate: a hook failed', { error: 'Error: boom' }]]);
  });

  it('a call’s own hooks are told after the client’s', async () => {
    const { client, names, events } = recorded();
    await client.me({ hooks: { onResponse: (e) => void events.push(['call onResponse', e as never]) } });
    expect(names()).toEqual(['onRequest', 'onResponse', 'call onResponse']);
  });

  it('no event carries a key; content only when a hook asks for it', async () => {
    const { client, events } = recorded();
    await client.setProviderKey({ provider: 'anthropic', api_key: 'sk-ant-secret-12345678' });
    await client.chat(hi);
    const seen = JSON.stringify(events);
    expect(seen).not.toContain(gw.apiKey);
    expect(seen).not.toContain('sk-ant-secret');
    expect(seen).not.toContain('echo: hi');
    const withContent: Array<Record<string, unknown>> = [];
    const c = new Client({
      fetch: gw.fetch,
      baseURL: gw.url,
      apiKey: gw.apiKey,
      hooks: { content: true, onRequest: (e) => void withContent.push(e as never), onResponse: (e) => void withContent.push(e as never) },
    });
    await c.chat(hi);
    expect(withContent[0]!.input).toMatchObject({ messages: [{ role: 'user', content: 'hi' }] });
    expect(withContent[1]!.output).toMatchObject({ content: 'echo: hi' });
  });

  it('unknown hook names and non-functions are refused with the names it takes', () => {
    expect(() => new Client({ hooks: { onResponce: () => {} } as never })).toThrow(
      /hooks: expected an object of hook functions: onRequest, onResponse, onRetry, onError, onStreamEnd, wrap, content/,
    );
    expect(() => new Client({ hooks: { onRequest: 'log' } as never })).toThrow(InvalidArgumentError);
    expect(() => new Client({ hooks: { content: 1 } as never })).toThrow(InvalidArgumentError);
  });
});

describe('identity and wrapping', () => {
  it('a call by an id names its route template and operation id, never the id itself', async () => {
    const { client, events } = recorded();
    await client.model('azure/gpt-4o').catch(() => undefined);
    const [, request] = events[0] as [string, Record<string, unknown>];
    expect(request).toMatchObject({
      operation: 'GET /v1/models/azure%2Fgpt-4o',
      operationId: 'getModel',
      route: 'GET /v1/models/{model_id}',
    });
    expect(request.params).toBeUndefined();
  });

  it('the params of a chat carry its model parameters, not its messages, without content', async () => {
    const { client, events } = recorded();
    await client.completions({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'secret words' }],
      temperature: 0.2,
      seed: 7,
      stop: ['x'],
    });
    const [, request] = events[0] as [string, { params: Record<string, unknown> }];
    expect(request.params).toEqual({ model: 'gpt-4o-mini', temperature: 0.2, seed: 7, stop: ['x'], stream: false });
    expect(JSON.stringify(events)).not.toContain('secret words');
  });

  it('wrap runs each attempt inside the hooks, outermost first, and a wrap that throws is skipped', async () => {
    const order: string[] = [];
    const wrapping = (name: string): Hooks => ({
      wrap: async (event, send) => {
        order.push(`${name} in ${event.operationId} #${event.attempt}`);
        const response = await send();
        order.push(`${name} out`);
        return response;
      },
    });
    gw = createMockGateway();
    gw.failNext('me', { kind: 'rateLimit', retryAfter: 0 });
    const broken: Hooks = {
      wrap: () => {
        throw new Error('broken wrap');
      },
    };
    const client = new Client({ baseURL: gw.url, fetch: gw.fetch, apiKey: gw.apiKey, hooks: wrapping('client'), logLevel: 'off' });
    await client.me({ hooks: { ...broken } });
    await client.me({ hooks: wrapping('call') });
    expect(order).toEqual([
      'client in me #1',
      'client out',
      'client in me #2',
      'client out',
      'client in me #1',
      'call in me #1',
      'call out',
      'client out',
    ]);
  });
});
