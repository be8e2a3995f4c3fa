// What the client makes of successful answers: validation, metadata, 204s, readiness.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Client, ResponseValidationError } from '../../src/index.js';
import { chatAnswer, hi, json, serverPerTest } from '../support/server.js';

const serve = serverPerTest();

describe('answer validation', () => {
  it('a missing required field is ResponseValidationError naming it', async () => {
    const { usage: _omit, ...partial } = chatAnswer;
    const server = await serve((_req, res) => json(res, 200, partial, { 'x-request-id': 'rv-1' }));
    const err = (await new Client({ baseURL: server.url }).chat(hi).catch((e: unknown) => e)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]).toMatch(/^usage: /);
    expect(err).toMatchObject({ statusCode: 200, requestId: 'rv-1' });
  });

  it('a field of the wrong type is named with its path', async () => {
    const server = await serve((_req, res) => json(res, 200, { ...chatAnswer, usage: { ...chatAnswer.usage, total_tokens: 'many' } }));
    const err = (await new Client({ baseURL: server.url }).chat(hi).catch((e: unknown) => e)) as ResponseValidationError;
    expect(err.issues[0]).toMatch(/^usage\.total_tokens: /);
  });

  it('unknown fields pass and are kept', async () => {
    const server = await serve((_req, res) => json(res, 200, { ...chatAnswer, region: 'eu' }));
    expect(await new Client({ baseURL: server.url }).chat(hi)).toEqual({ ...chatAnswer, region: 'eu' });
  });

  it('validate: false hands over whatever came', async () => {
    const server = await serve((_req, res) => json(res, 200, { content: 42 }));
    expect(await new Client({ baseURL: server.url, validate: false }).chat(hi)).toEqual({ content: 42 });
  });

  it.each([
    ['not JSON', 'application/json', 'Salut'],
    ['truncated JSON', 'application/json', '{"id": "x", '],
    ['a wrong content type', 'text/html', '<html></html>'],
    ['an empty body', 'application/json', ''],
  ])('a 200 with %s is ResponseValidationError, never a SyntaxError', async (_label, type, body) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    const err = await new Client({ baseURL: server.url }).chat(hi).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
  });
});

describe('results', () => {
  it('204 answers resolve to undefined', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const client = new Client({ baseURL: server.url, apiKey: 'llmg_k' });
    expect(await client.setProviderKey({ provider: 'openai', api_key: 'sk-0123456789' })).toBeUndefined();
    expect(await client.revokeApiKey('3d0c1b9e-8a7f-4c6d-9e5b-1a2b3c4d5e6f')).toBeUndefined();
  });

  it('readiness resolves with the checks on 503, without retrying', async () => {
    const body = { status: 'not_ready', checks: { database: 'ok', redis: 'error: refused' } };
    const server = await serve((_req, res) => json(res, 503, body));
    expect(await new Client({ baseURL: server.url }).readiness()).toEqual(body);
    expect(server.requests).toHaveLength(1);
  });

  it('withResponse() gives the gateway headers typed', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, chatAnswer, {
        'x-request-id': 'r-9',
        'x-llmgw-provider': 'anthropic',
        'x-llmgw-model': 'claude-3-5-sonnet-latest',
        'x-llmgw-cached': 'true',
        'x-llmgw-fallback': 'false',
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '58',
        'x-ratelimit-reset': '12',
        'x-budget-project-daily-spend': '0.4200',
        'x-budget-project-daily-limit': '5.0000',
      }),
    );
    const { data, meta, response } = await new Client({ baseURL: server.url }).chat(hi).withResponse();
    expect(data).toEqual(chatAnswer);
    expect(response.status).toBe(200);
    expect(meta).toMatchObject({
      status: 200,
      requestId: 'r-9',
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-latest',
      cached: true,
      fallback: false,
      rateLimit: { limit: 60, remaining: 58, reset: 12 },
      budget: { projectDailySpend: '0.4200', projectDailyLimit: '5.0000', orgDailySpend: null, projectMonthlyLimit: null },
    });
  });

  it('models() resolves to the cards, and withResponse() still gives its metadata', async () => {
    const card = { id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'openai', provider: 'openai', pricing: null };
    const server = await serve((_req, res) => json(res, 200, { object: 'list', data: [card] }, { 'x-request-id': 'r-models' }));
    const client = new Client({ baseURL: server.url });
    expect(await client.models()).toEqual([card]);
    const { data, meta } = await client.models().withResponse();
    expect(data).toEqual([card]);
    expect(meta.requestId).toBe('r-models');
  });

  it('meta is null where the gateway sent no such headers', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', version: '0.2.0' }));
    const { meta } = await new Client({ baseURL: server.url }).health().withResponse();
    expect(meta).toMatchObject({ requestId: null, provider: null, cached: null, rateLimit: null, budget: null });
  });
});

describe('options', () => {
  it.each([
    [{ timeout: -1 }, 'timeout'],
    [{ timeout: 0 }, 'timeout'],
    [{ timeout: Number.NaN }, 'timeout'],
    [{ timeout: '30s' }, 'timeout'],
    [{ retries: 1.5 }, 'retries'],
    [{ retries: -1 }, 'retries'],
    [{ baseURL: 'ftp://gw.example.com' }, 'baseURL'],
    [{ baseURL: 'not a url' }, 'baseURL'],
    [{ baseURL: 'https://gw.example.com/?key=1' }, 'baseURL'],
    [{ baseURL: 'https://gw.example.com/#x' }, 'baseURL'],
    [{ apiKey: '' }, 'apiKey'],
    [{ apiKey: '   ' }, 'apiKey'],
    [{ retryConfig: { jitter: 2 } }, 'retryConfig.jitter'],
    [{ retryConfig: { backoffMax: -5 } }, 'retryConfig.backoffMax'],
    [{ retryConfig: { maxRetries: 0.5 } }, 'retryConfig.maxRetries'],
    [{ headers: { 'x-a': 1 } }, 'headers'],
    [{ fetch: 'fetch' }, 'fetch'],
  ])('%o fails at construction naming %s', (options, field) => {
    let caught: unknown;
    try {
      new Client(options as never);
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).name).toBe('InvalidArgumentError');
    expect(caught).toMatchObject({ field });
    expect((caught as Error).message).toMatch(new RegExp(`^${field}: expected `));
  });

  it('a key passed where the base URL goes is not echoed', () => {
    expect(() => new Client({ baseURL: 'llmg_secretsecret' })).toThrow(/^baseURL: expected an http\(s\) URL/);
    expect(() => new Client({ baseURL: 'llmg_secretsecret' })).not.toThrow(/secret/);
  });

  it.each([
    [{ timeout: 0 }, 'options.timeout'],
    [{ retries: -2 }, 'options.retries'],
    [{ signal: 'no' }, 'options.signal'],
  ])('bad call options %o reject naming %s', async (options, field) => {
    const client = new Client({ baseURL: 'http://127.0.0.1:9' });
    await expect(client.health(options as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', field });
  });

  it('the client never shows its key', () => {
    const client = new Client({ apiKey: 'llmg_supersecretkeyvalue', baseURL: 'https://gw.example.com/v/' });
    for (const shown of [
      inspect(client),
      JSON.stringify(client),
      String(Object.keys(client)),
      inspect(client, { showHidden: true, depth: 5 }),
    ]) {
      expect(shown).not.toContain('llmg_supersecretkeyvalue');
    }
    expect(client.baseURL).toBe('https://gw.example.com/v');
  });

  it('a base URL with credentials is refused without echoing them', () => {
    expect(() => new Client({ baseURL: 'https://user:pw@gw.example.com' })).toThrow(/without user:password@/);
    try {
      new Client({ baseURL: 'https://user:pw@gw.example.com' });
    } catch (err) {
      expect((err as Error).message).not.toContain('pw');
    }
  });
});
