// Options are checked as strictly as the README says: unknown names get the closest valid one, every value its type,
// delays what timers hold, headers what HTTP carries; and what is allowed but unusual is said once, at warn.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client, type ClientOptions, InvalidArgumentError } from '../../src/index.js';
import { captureLog, json, recordingClient, serverPerTest } from '../support/server.js';

const serve = serverPerTest();

function refusal(make: () => unknown): InvalidArgumentError {
  try {
    make();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('unknown options name the closest valid one', () => {
  it.each([
    [{ baseUrl: 'http://x' }, 'baseUrl', '`baseURL`'],
    [{ base_url: 'http://x' }, 'base_url', '`baseURL`'],
    [{ apikey: 'llmg_x' }, 'apikey', '`apiKey`'],
    [{ maxRetries: 3 }, 'maxRetries', '`retries` (or `retryConfig.maxRetries`)'],
    [{ defaultHeaders: {} }, 'defaultHeaders', '`headers`'],
    [{ timout: 5 }, 'timout', '`timeout`'],
    [{ valdiate: false }, 'valdiate', '`validate`'],
    [{ retryConfig: { maxRetry: 3 } }, 'retryConfig.maxRetry', '`retryConfig.maxRetries`'],
    [{ retryConfig: { backofBase: 1 } }, 'retryConfig.backofBase', '`retryConfig.backoffBase`'],
  ])('%o: %s, did you mean %s?', (options, field, hint) => {
    const err = refusal(() => new Client(options as ClientOptions));
    expect(err.field).toBe(field);
    expect(err.message).toBe(`${field}: unknown option; did you mean ${hint}?`);
  });

  it('a name like none lists the known ones', () => {
    expect(refusal(() => new Client({ frobnicate: 1 } as ClientOptions)).message).toMatch(
      /^frobnicate: unknown option \(known: apiKey, baseURL, userId, timeout, retries, retryConfig, headers, fetch, validate/,
    );
  });

  it.each([
    [{ timeoutMs: 5 }, 'options.timeoutMs: unknown option; did you mean `options.timeout`?'],
    [{ userID: 'u' }, 'options.userID: unknown option; did you mean `options.userId`?'],
    [{ asChunks: true }, 'options.asChunks: unknown option'],
  ])('in a call, %o', async (options, message) => {
    const { client, sent } = recordingClient();
    const err = await client.me(options as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message.startsWith(message)).toBe(true);
    expect(sent).toEqual([]);
  });

  it('asChunks belongs to the stream methods', async () => {
    const { client } = recordingClient(() => new Response('hi', { headers: { 'content-type': 'text/plain' } }));
    const pieces: unknown[] = [];
    for await (const chunk of client.chatStream({ model: 'm', messages: 'hi' }, { asChunks: true })) pieces.push(chunk);
    expect(pieces).toEqual([{ text: 'hi', requestId: null }]);
  });
});

describe('every value is checked', () => {
  it.each([
    [{ validate: 'no' }, 'validate', 'expected true or false, got a string'],
    [{ dangerouslyAllowBrowser: 1 }, 'dangerouslyAllowBrowser', 'expected true or false, got 1'],
    [{ logLevel: 'verbose' }, 'logLevel', 'expected one of off, error, warn, info, debug, got a string'],
    [{ logger: {} }, 'logger', 'expected an object with error, warn, info and debug methods, got object'],
    [{ headers: ['x'] }, 'headers', 'expected an object of header names to values'],
    [{ fetch: 'x' }, 'fetch', 'expected a function with the signature of fetch, got a string'],
    [{ retries: 1.5 }, 'retries', 'expected a whole number, 0 or more, got 1.5'],
    [{ retryConfig: 3 }, 'retryConfig', 'expected an object, got 3'],
    [{ retryConfig: { retryStatuses: [429, '500'] } }, 'retryConfig.retryStatuses', 'expected a list of HTTP statuses'],
  ])('%o', (options, field, message) => {
    const err = refusal(() => new Client(options as ClientOptions));
    expect(err.field).toBe(field);
    expect(err.message).toContain(`${field}: ${message}`);
  });

  it.each([
    [{ timeout: 1e12 }, 'timeout'],
    [{ timeout: 2_147_483_648 }, 'timeout'],
    [{ retryConfig: { backoffMax: 1e12 } }, 'retryConfig.backoffMax'],
    [{ retryConfig: { maxRetryAfter: 3e9 } }, 'retryConfig.maxRetryAfter'],
  ])('%o: delays are capped at what timers hold', (options, field) => {
    const min = field === 'timeout' ? 1 : 0;
    expect(refusal(() => new Client(options as ClientOptions)).message).toMatch(
      new RegExp(`^${field}: expected milliseconds from ${min} to 2147483647, got \\d`),
    );
  });

  it('the longest delay timers hold is allowed', () => {
    expect(() => new Client({ timeout: 2_147_483_647, retryConfig: { maxRetryAfter: 2_147_483_647 } })).not.toThrow();
  });

  it('undefined and null mean "not given": the default applies', async () => {
    const { client, sent } = recordingClient(undefined, { timeout: null, retryConfig: { jitter: undefined } } as never);
    await client.chat({ model: 'm', messages: 'hi' }, { timeout: null, headers: undefined } as never);
    expect(sent).toHaveLength(1);
  });

  it('a runtime without fetch is told so; one with fetch is never told it has none', () => {
    const saved = globalThis.fetch;
    try {
      Reflect.deleteProperty(globalThis, 'fetch');
      expect(refusal(() => new Client()).message).toBe('fetch: expected a fetch function: this runtime has no global fetch');
    } finally {
      globalThis.fetch = saved;
    }
    expect(refusal(() => new Client({ fetch: 'x' } as never)).message).not.toMatch(/no global fetch/);
  });

  it.each(['http://gw.example.com:8000/v1', 'http://gw.example.com/v1/', 'https://gw.example.com/prefix/v1'])(
    'a baseURL ending in /v1 (%s) is refused: the client adds it',
    (baseURL) => {
      expect(refusal(() => new Client({ baseURL })).message).toBe(
        'baseURL: expected the gateway’s address without /v1 (the client adds /v1 itself)',
      );
    },
  );

  it('a path prefix that is not /v1 is kept', () => {
    expect(new Client({ baseURL: 'https://gw.example.com/llm/' }).baseURL).toBe('https://gw.example.com/llm');
  });
});

describe('header values are checked when given, before anything is sent', () => {
  const bad = ['line\r\nbreak', 'new\nline', 'nul\0byte', 'usér-😀'];
  it.each(bad)('apiKey %j', (apiKey) => {
    const err = refusal(() => new Client({ apiKey: `llmg_${apiKey}` }));
    expect(err.field).toBe('apiKey');
    expect(err.message).not.toContain(apiKey);
  });

  it.each(bad)('userId %j, on the client and on a call', async (userId) => {
    expect(refusal(() => new Client({ userId })).field).toBe('userId');
    const { client, sent } = recordingClient();
    const err = await client.chat({ model: 'm', messages: 'hi' }, { userId }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidArgumentError', field: 'options.userId' });
    expect(sent).toEqual([]);
  });

  it.each(bad)('a header value %j', async (value) => {
    expect(refusal(() => new Client({ headers: { 'x-team': value } })).field).toBe('headers');
    const { client, sent } = recordingClient();
    const err = await client.me({ headers: { 'x-team': value } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidArgumentError', field: 'options.headers' });
    expect(sent).toEqual([]);
  });

  it('a header name HTTP cannot carry', () => {
    expect(refusal(() => new Client({ headers: { 'x team': 'a' } })).field).toBe('headers');
  });

  it('a Latin-1 user id is sent as it is (the gateway reads headers as Latin-1)', async () => {
    const server = await serve((req, res) => json(res, 200, { user: req.headers['x-user-id'] }));
    const client = new Client({ baseURL: server.url, userId: 'usér-42', validate: false });
    const body = await client.health();
    expect(Buffer.from(server.requests[0]!.headers['x-user-id'] as string, 'latin1').toString('latin1')).toBe('usér-42');
    expect(body).toEqual({ user: 'usér-42' });
  });
});

describe('what is allowed but worth saying is said once, at warn', () => {
  const warnings = (options: ClientOptions) => {
    const { lines, logger } = captureLog();
    new Client({ logger, ...options });
    return lines.filter(([level]) => level === 'warn').map(([, message]) => message);
  };

  it('a key that is not a gateway key', () => {
    expect(warnings({ apiKey: 'sk-proj-0123456789abcdef' })).toEqual([
      'omnigate: apiKey does not look like a gateway key (llmg_ and 43 characters); a provider key such as OpenAI’s sk-... goes to setProviderKey()',
    ]);
    expect(warnings({ apiKey: 'abc' })).toEqual(['omnigate: apiKey does not look like a gateway key (llmg_ and 43 characters)']);
    expect(warnings({ apiKey: 'llmg_abc' })).toEqual([]);
  });

  it('a key sent in clear text to a host that is not loopback', () => {
    expect(warnings({ apiKey: 'llmg_abc', baseURL: 'http://10.0.0.5:8000' })).toEqual([
      'omnigate: baseURL is http: to 10.0.0.5:8000, not loopback: the key travels in clear text (use https:)',
    ]);
    for (const baseURL of ['http://localhost:8000', 'http://127.0.0.1:8000', 'http://[::1]:8000', 'https://gw.example.com']) {
      expect(warnings({ apiKey: 'llmg_abc', baseURL })).toEqual([]);
    }
    expect(warnings({ baseURL: 'http://10.0.0.5:8000' })).toEqual([]);
  });

  describe('a long retry wait', () => {
    let client: Client | undefined;
    afterEach(() => client?.close());

    it('is shown at the default level before it starts, with the status, the wait and the attempt', async () => {
      const server = await serve((_req, res) => json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '17' }));
      const { lines, logger } = captureLog();
      client = new Client({ baseURL: server.url, logger });
      const call = client.chat({ model: 'm', messages: 'hi' });
      for (let i = 0; i < 100 && !lines.some(([level]) => level === 'warn'); i++) await new Promise((r) => setTimeout(r, 5));
      expect(lines.filter(([level]) => level === 'warn')).toEqual([
        ['warn', 'omnigate: retrying', { operation: 'POST /v1/chat', attempt: 1, delayMs: 17_000, reason: 'HTTP 429', status: 429 }],
      ]);
      await client.close();
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
});

describe('the default logger (console) is given exactly the line, and the data only when there is some', () => {
  const spies: Array<ReturnType<typeof vi.spyOn>> = [];
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    for (const spy of spies.splice(0)) spy.mockRestore();
  });
  /** Every argument console.warn/error/info received, for each call. */
  function consoleCalls(): unknown[][] {
    const calls: unknown[][] = [];
    for (const method of ['error', 'warn', 'info', 'debug'] as const) {
      spies.push(vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void calls.push(args)));
    }
    return calls;
  }
  const noStrayUndefined = (calls: unknown[][]) => {
    for (const args of calls) {
      expect(args.length, String(args[0])).toBeGreaterThan(0);
      expect(args).not.toContain(undefined);
      expect(String(args[0])).not.toMatch(/undefined$/);
    }
  };

  it('the option warnings: one argument each', () => {
    const calls = consoleCalls();
    new Client({ apiKey: 'sk-proj-0123456789abcdef', baseURL: 'http://10.0.0.5:8000' });
    expect(calls).toEqual([
      [
        'omnigate: apiKey does not look like a gateway key (llmg_ and 43 characters); a provider key such as OpenAI’s sk-... goes to setProviderKey()',
      ],
      ['omnigate: baseURL is http: to 10.0.0.5:8000, not loopback: the key travels in clear text (use https:)'],
    ]);
    noStrayUndefined(calls);
  });

  it('a failing hook, a refused Retry-After and a long retry wait: the line and its data', async () => {
    const server = await serve((_req, res) => json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '99999' }));
    const calls = consoleCalls();
    client = new Client({
      baseURL: server.url,
      retries: 1,
      hooks: {
        onRequest: () => {
          throw new Error('hook bug');
        },
      },
    });
    await expect(client.health()).rejects.toMatchObject({ name: 'RateLimitError' });
    expect(calls.map((args) => args[0])).toEqual(['omnigate: a hook failed', 'omnigate: Retry-After above maxRetryAfter: not retried']);
    expect(calls.every((args) => args.length === 2 && typeof args[1] === 'object')).toBe(true);
    noStrayUndefined(calls);
  });
});
