/**
 * A mock of the gateway for your app's tests, faithful to the real gateway (0.2.0) as captured on the wire:
 * routes, bodies, headers, errors word for word, rate limits, budgets, streams and metrics; in memory (`fetch`,
 * any runtime) or on loopback (`listen`, Node).
 *
 * ```ts
 * import { createMockGateway, MOCK_API_KEY } from 'omnigate/testing';
 * ```
 * @module omnigate/testing
 */
import type { ProviderName } from './core/routing.js';
import type { ChatMessage } from './testing/chat.js';
import type { MockFailure } from './testing/failures.js';
import { MOCK_ADMIN_KEY, MOCK_API_KEY, MockGatewayCore, type MockGatewayOptions, type MockRequest } from './testing/gateway.js';
import type { MockRoute } from './testing/routes.js';
import type { MockHandler, PendingFailure } from './testing/script.js';

export type { ChatMessage, MockFailure, MockGatewayOptions, MockHandler, MockRequest, MockRoute, PendingFailure, ProviderName };
export { MOCK_ADMIN_KEY, MOCK_API_KEY };

/**
 * A mock gateway. Pair its `fetch`, `url` and `apiKey` with a `Client`; read what it received in `requests`;
 * script the next calls of a route with `failNext`. Printing it shows its URL, never its key.
 *
 * @example
 * ```ts
 * const gw = createMockGateway({ dailyBudget: 0.01 });
 * const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey });
 * gw.failNext('chat', { kind: 'rateLimit', retryAfter: 1 });
 * const reply = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' }); // retried after 1 s: "echo: hi"
 * ```
 */
export class MockGateway {
  readonly #core: MockGatewayCore;

  constructor(options: MockGatewayOptions = {}) {
    this.#core = new MockGatewayCore(options);
  }

  /**
   * A `fetch` that serves this gateway in memory, for its `url` only.
   *
   * @example
   * ```ts
   * const res = await gw.fetch(`${gw.url}/health`);
   * ```
   */
  get fetch(): typeof globalThis.fetch {
    return this.#core.fetch;
  }

  /** The base URL to pair with `fetch` (`http://omnigate.localhost` unless the `url` option says otherwise). */
  get url(): string {
    return this.#core.url;
  }

  /** The key of a ready project (an OpenAI key configured, the options' limits and budgets). */
  get apiKey(): string {
    return this.#core.apiKey;
  }

  /** Every request received, oldest first: method, path, headers (keys shortened), parsed body. */
  get requests(): MockRequest[] {
    return this.#core.requests;
  }

  /**
   * Scripts the next `times` calls of a route (an operation id: `chat`, `chatCompletions`, `me`...). Checked here: a
   * failure no call of the route could meet (a `provider` or `streamFailure` anywhere but the chat routes) is refused.
   * Each is used up only by a call it applies to: an `answer`, `hang` or `cut` by the next call; a `rateLimit` by the
   * next whose key passed; a `provider` by the next that reaches the provider (not one refused earlier, nor a cached
   * answer); a `streamFailure` by the next stream. Until then it waits, in order (`pendingFailures()` lists them).
   *
   * @example
   * ```ts
   * gw.failNext('chat', { kind: 'streamFailure', after: 'Hello' }); // the next stream breaks after "Hello"
   * gw.failNext('chatCompletions', { kind: 'provider', status: 500 }, 2);
   * gw.failNext('me', { kind: 'answer', status: 503, body: { detail: 'maintenance' } });
   * gw.failNext('chat', { kind: 'hang' }); // for timeouts
   * ```
   */
  failNext(route: MockRoute, failure: MockFailure, times = 1): void {
    this.#core.failNext(route, failure, times);
  }

  /**
   * Answers a route's calls with `handler` before the mock does (msw's `use`): a Response answers, undefined lets the
   * mock answer. `{ once: true }` answers one call, then goes. `resetFailures()` removes handlers too.
   *
   * @example
   * ```ts
   * gw.use('listModels', () => Response.json({ object: 'list', data: [] }), { once: true });
   * gw.use('chat', async (request) => ((await request.json()).model === 'gpt-4' ? Response.json({ detail: 'nope' }, { status: 400 }) : undefined));
   * ```
   */
  use(route: MockRoute, handler: MockHandler, options: { once?: boolean } = {}): void {
    this.#core.use(route, handler, options);
  }

  /**
   * The scripted failures not used up yet, in order: route, failure, how many calls each still waits for.
   *
   * @example
   * ```ts
   * afterEach(() => expect(gw.pendingFailures()).toEqual([])); // every scripted failure was met
   * ```
   */
  pendingFailures(): PendingFailure[] {
    return this.#core.pendingFailures();
  }

  /**
   * Forgets every scripted failure and every `use()` handler.
   *
   * @example
   * ```ts
   * afterEach(() => gw.resetFailures());
   * ```
   */
  resetFailures(): void {
    this.#core.resetFailures();
  }

  /**
   * Node: serves the same gateway on 127.0.0.1 (a free port unless given), for clients that cannot take a
   * `fetch`. Resolves to its base URL; calling it again gives the same one.
   *
   * @example
   * ```ts
   * const baseURL = await gw.listen();
   * const openai = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: gw.apiKey });
   * ```
   */
  listen(port?: number): Promise<string> {
    return this.#core.listen(port);
  }

  /**
   * Ends open streams and waits, stops listening; `fetch` refuses afterwards.
   *
   * @example
   * ```ts
   * afterEach(() => gw.close());
   * ```
   */
  close(): Promise<void> {
    return this.#core.close();
  }

  /**
   * What `JSON.stringify` shows: the URL, not the key.
   *
   * @example
   * ```ts
   * JSON.stringify(gw); // {"url":"http://omnigate.localhost"}
   * ```
   */
  toJSON(): { url: string } {
    return { url: this.url };
  }

  /**
   * What `console.log` shows in Node: the URL, not the key.
   *
   * @example
   * ```ts
   * console.log(gw); // MockGateway { url: 'http://omnigate.localhost' }
   * ```
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `MockGateway { url: '${this.url}' }`;
  }
}

/**
 * A mock gateway, as `new MockGateway(options)`.
 *
 * @example
 * ```ts
 * import { Client } from 'omnigate';
 * import { createMockGateway } from 'omnigate/testing';
 *
 * const gw = createMockGateway();
 * const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey });
 * const reply = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' }); // "echo: hi", usage and cost counted
 * ```
 */
export function createMockGateway(options: MockGatewayOptions = {}): MockGateway {
  return new MockGateway(options);
}
