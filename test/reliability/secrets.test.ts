// No key ever printed: a hostile server echoes every secret back in every way it can, and the sweep at the
// end checks each error (message, stack, JSON, inspect, cause chain) and each log line the suite produced.
import type { IncomingMessage } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, type ClientOptions } from '../../src/index.js';
import { closedPort, json, sleep, startServer, type TestServer } from '../support/server.js';

const GATEWAY_KEY = `llmg_${'A1b2C3d4'.repeat(5)}xyz`;
const PROVIDER_KEY = `sk-proj-${'Zz9'.repeat(14)}`;
const BEARER = `llmg_${'Bearer0Value'.repeat(3)}`;
const SECRETS = [GATEWAY_KEY, PROVIDER_KEY, BEARER];

const errors: unknown[] = [];
const logLines: string[] = [];
const logger = Object.fromEntries(
  (['error', 'warn', 'info', 'debug'] as const).map((level) => [
    level,
    (msg: string, data?: unknown) => logLines.push(`${level} ${msg} ${JSON.stringify(data)}`),
  ]),
) as unknown as NonNullable<ClientOptions['logger']>;

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const echo = (req: IncomingMessage, body: string) => `key=${req.headers['x-api-key']} auth=${req.headers.authorization} body=${body}`;

async function hostile(handler: Parameters<typeof startServer>[0]) {
  const server = await startServer(handler);
  servers.push(server);
  return new Client({
    baseURL: server.url,
    apiKey: GATEWAY_KEY,
    headers: { Authorization: `Bearer ${BEARER}` },
    retryConfig: { backoffBase: 1, backoffMax: 2 },
    logLevel: 'debug',
    logger,
  });
}

async function capture(run: () => Promise<unknown>) {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  errors.push(err);
  return err as Error & { body?: unknown; detail?: string };
}

async function drain(iterable: AsyncIterable<unknown>) {
  for await (const _ of iterable) {
    // read to the end
  }
}

describe('a hostile server echoing secrets', () => {
  it('401 detail and a response header', async () => {
    const client = await hostile((req, res, seen) =>
      json(res, 401, { detail: `Invalid API key ${echo(req, seen.body)}` }, { 'x-echo': String(req.headers['x-api-key']) }),
    );
    const err = await capture(() => client.me());
    expect(err.detail).toContain('[redacted]');
  });

  it('422 echoing the provider key as FastAPI does in `input`', async () => {
    const client = await hostile((_req, res, seen) =>
      json(res, 422, {
        detail: [
          {
            type: 'string_too_short',
            loc: ['body', 'api_key'],
            msg: 'too short',
            input: JSON.parse(seen.body).api_key,
            ctx: { body: seen.body },
          },
        ],
      }),
    );
    const err = await capture(() => client.setProviderKey({ provider: 'openai', api_key: PROVIDER_KEY }));
    expect(JSON.stringify(err.body)).toContain('[redacted]');
  });

  it('OpenAI-shaped 400, plain-text 500 and HTML 502 echoing everything', async () => {
    const shapes = [
      (req: IncomingMessage, s: string) =>
        [400, 'application/json', JSON.stringify({ error: { message: echo(req, s), type: 'invalid_request_error' } })] as const,
      (req: IncomingMessage, s: string) => [500, 'text/plain', echo(req, s)] as const,
      (req: IncomingMessage, s: string) => [502, 'text/html', `<html><head><title>${echo(req, s)}</title></head></html>`] as const,
    ];
    for (const shape of shapes) {
      const client = await hostile((req, res, seen) => {
        const [status, type, body] = shape(req, seen.body);
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      });
      await capture(() => client.completions({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    }
  });

  it('a stream failure message and an SSE error frame echoing keys', async () => {
    const plain = await hostile((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`text\n[error] OpenAI error 401: Incorrect API key provided: ${PROVIDER_KEY} ${echo(req, '')}`);
    });
    await capture(() => drain(plain.chatStream({ model: 'gpt-4o-mini', messages: 'hi' })));
    const sse = await hostile((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify({ error: { message: echo(req, ''), type: 'provider_error' } })}\n\ndata: [DONE]\n\n`);
    });
    await capture(() => drain(sse.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })));
  });

  it('a malformed success that carries a key', async () => {
    const client = await hostile((_req, res) =>
      json(res, 201, { org_id: GATEWAY_KEY, project_id: 1, email: PROVIDER_KEY, api_key: 42, message: BEARER }),
    );
    const err = await capture(() => client.signup({ email: 'dev@acme.dev' }));
    expect(err.name).toBe('ResponseValidationError');
  });
});

describe('failures without an answer', () => {
  const base = {
    apiKey: GATEWAY_KEY,
    headers: { Authorization: `Bearer ${BEARER}` },
    logLevel: 'debug' as const,
    logger,
    retryConfig: { backoffBase: 1, backoffMax: 2 },
  };

  it('connection refused, timeout and abort', async () => {
    await capture(() => closedPort().then((url) => new Client({ ...base, baseURL: url }).me()));
    const silent = await startServer(() => {});
    servers.push(silent);
    await capture(() => new Client({ ...base, baseURL: silent.url, timeout: 50 }).me());
    const controller = new AbortController();
    const pending = new Client({ ...base, baseURL: silent.url }).me({ signal: controller.signal });
    await sleep(20);
    controller.abort(new Error('user gave up'));
    await capture(() => pending);
  });

  it('bad options that carry a key', async () => {
    for (const options of [
      { baseURL: GATEWAY_KEY },
      { timeout: GATEWAY_KEY },
      { retries: PROVIDER_KEY },
      { retryConfig: { jitter: BEARER } },
      { apiKey: GATEWAY_KEY, baseURL: `https://user:${PROVIDER_KEY}@gw.example.com` },
      { apiKey: GATEWAY_KEY, logLevel: PROVIDER_KEY },
    ]) {
      await capture(async () => new Client(options as never));
    }
  });

  it('a client shown every way there is', () => {
    const client = new Client({ ...base, baseURL: 'https://gw.example.com' });
    for (const shown of [inspect(client, { showHidden: true, depth: Infinity }), JSON.stringify(client), String(client)]) {
      for (const secret of SECRETS) expect(shown).not.toContain(secret);
    }
  });
});

describe('the sweep', () => {
  it('no error and no log line contains a key', () => {
    expect(errors.length).toBeGreaterThanOrEqual(15);
    expect(logLines.length).toBeGreaterThan(10);
    const texts: string[] = [...logLines];
    for (const err of errors) {
      const e = err as Error;
      texts.push(e.message, String(e.stack), JSON.stringify(e), inspect(e, { showHidden: true, depth: Infinity }));
      for (let cause = e.cause, depth = 0; cause && depth < 5; cause = (cause as Error).cause, depth++)
        texts.push(inspect(cause, { depth: 5 }));
    }
    for (const text of texts) for (const secret of SECRETS) expect(text, `leaked in: ${text.slice(0, 200)}`).not.toContain(secret);
  });
});
