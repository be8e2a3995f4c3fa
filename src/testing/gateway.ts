// The mock gateway: its options, its state, and `serve` (a Request in, the gateway's Response out), with the
// scripted failures, latency, the request log, and the in-memory `fetch` and loopback `listen` around it.
import type { ProviderName } from '../core/routing.js';
import { type ChatMessage, lastUser } from './chat.js';
import type { RequestContext } from './context.js';
import { cutBody, type MockFailure, scriptedAnswer } from './failures.js';
import { rateLimited } from './limits.js';
import { type Listening, listen } from './listen.js';
import { authenticate, authenticateAdmin, handle, type MockRoute, match, ROUTES } from './routes.js';
import { type MockHandler, type PendingFailure, Script } from './script.js';
import { GatewayState } from './state.js';
import { requestIdOf } from './wire.js';

/** The ready project's key in every mock unless the `apiKey` option (or, for `omnigate mock`, OMNIGATE_API_KEY) names another: public, for a mock. */
export const MOCK_API_KEY = 'llmg_mock000000000000000000000000000000000000000';
/** The mock's admin key unless the `adminKey` option (or, for `npm run mock`, OMNIGATE_ADMIN_KEY) names another. */
export const MOCK_ADMIN_KEY = 'mock-admin-key';

export interface MockGatewayOptions {
  /** The ready project's key. Default: `MOCK_API_KEY`, the same in memory, on `listen()` and in `omnigate mock`. */
  apiKey?: string;
  /** The operator's key for the admin API (`x-admin-key`). Default: `MOCK_ADMIN_KEY`. */
  adminKey?: string;
  /** The base URL the in-memory `fetch` answers for. Default `http://omnigate.localhost`. */
  url?: string;
  /** The ready project's rate limit (requests per minute on the chat routes). Default 60. */
  rateLimitPerMin?: number;
  /** The ready project's daily budget in USD; 0 (the default) means none. */
  dailyBudget?: number;
  /** The ready project's monthly budget in USD; 0 (the default) means none. */
  monthlyBudget?: number;
  /** Its organisation's daily budget in USD; 0 (the default) means none. */
  orgDailyBudget?: number;
  /** Its organisation's monthly budget in USD; 0 (the default) means none. */
  orgMonthlyBudget?: number;
  /** The providers the ready project has keys for. Default `['openai']`. */
  providers?: ProviderName[];
  /** Milliseconds before every answer. Default 0. */
  latency?: number;
  /** Milliseconds between the pieces of a stream. Default 0. */
  streamPace?: number;
  /** The assistant's reply to a conversation. Default: `echo: ` and the last user message. */
  reply?: (messages: ChatMessage[]) => string;
  /** The mock's clock, in milliseconds (rate-limit windows, budgets' days and months, metrics). Default `Date.now`. */
  clock?: () => number;
  /** Told of every request once it is answered: one line of a log. */
  onRequest?: (request: MockRequest, status: number) => void;
  /** A failing readiness check: `/health/ready` answers 503 naming it. */
  unready?: 'database' | 'redis';
}

/** A request the mock received. Keys in headers are shortened to their 12-character prefix and `…`. */
export interface MockRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  /** The body as JSON when it parses, else its text; undefined when there was none. */
  body: unknown;
}

const NUMBERS = ['rateLimitPerMin', 'dailyBudget', 'monthlyBudget', 'orgDailyBudget', 'orgMonthlyBudget', 'latency', 'streamPace'];
const KNOWN = [...NUMBERS, 'apiKey', 'adminKey', 'url', 'providers', 'reply', 'clock', 'onRequest', 'unready'];

function check(options: MockGatewayOptions) {
  for (const [name, value] of Object.entries(options)) {
    if (!KNOWN.includes(name)) throw new TypeError(`omnigate/testing: unknown option ${name} (known: ${KNOWN.join(', ')})`);
    if ((name === 'apiKey' || name === 'adminKey') && value !== undefined && !(typeof value === 'string' && /^[\x21-\x7e]+$/.test(value))) {
      throw new TypeError(`omnigate/testing: ${name} must be a non-empty string of printable ASCII`);
    }
    if (NUMBERS.includes(name) && value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new TypeError(`omnigate/testing: ${name} must be a number of 0 or more, not ${String(value)}`);
    }
  }
}

const shorten = (value: string) => value.replace(/(llmg_[\w-]{7})[\w-]+/g, '$1…');

export class MockGatewayCore {
  readonly state: GatewayState;
  readonly apiKey: string;
  readonly url: string;
  readonly requests: MockRequest[] = [];
  readonly #script = new Script();
  readonly #stops = new Set<() => void>();
  readonly #options: MockGatewayOptions;
  #listening: Promise<Listening> | undefined;
  closed = false;

  constructor(options: MockGatewayOptions) {
    check(options);
    this.#options = options;
    this.url = (options.url ?? 'http://omnigate.localhost').replace(/\/+$/, '');
    this.state = new GatewayState(options.clock ?? Date.now);
    const org = this.state.createOrg('mock', { dailyBudget: options.orgDailyBudget ?? 0, monthlyBudget: options.orgMonthlyBudget ?? 0 });
    const limits = {
      rateLimitPerMin: options.rateLimitPerMin ?? 60,
      dailyBudget: options.dailyBudget ?? 0,
      monthlyBudget: options.monthlyBudget ?? 0,
    };
    const { project, key } = this.state.createProject(org, 'Default', limits, options.apiKey ?? MOCK_API_KEY);
    for (const p of options.providers ?? ['openai']) {
      const meta = p === 'azure' ? { endpoint: 'https://mock.openai.azure.com', deployment: 'gpt-4o' } : null;
      this.state.setProviderKey(project, p, meta);
    }
    this.apiKey = key;
  }

  failNext(route: MockRoute, failure: MockFailure, times = 1) {
    this.#route(route);
    this.#script.failNext(route, failure, times);
  }

  use(route: MockRoute, handler: MockHandler, options: { once?: boolean } = {}) {
    this.#route(route);
    this.#script.use(route, handler, options.once === true);
  }

  pendingFailures(): PendingFailure[] {
    return this.#script.pending();
  }

  resetFailures(): void {
    this.#script.reset();
  }

  #route(route: MockRoute) {
    if (!ROUTES.includes(route)) throw new TypeError(`omnigate/testing: unknown route ${String(route)} (routes: ${ROUTES.join(', ')})`);
  }

  /** A stop for close(): registered while a stream or a wait is open. */
  #track = (stop: () => void) => {
    this.#stops.add(stop);
    return () => this.#stops.delete(stop);
  };

  /** Waits `ms` (forever when undefined); rejects when the request is aborted or the mock closes. */
  #wait(ms: number | undefined, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        untrack();
        err === undefined ? resolve() : reject(err);
      };
      const onAbort = () => done(signal.reason);
      const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
      const closed = () => done(new TypeError('omnigate/testing: the mock gateway was closed'));
      const untrack = this.#track(closed);
      if (this.closed) closed();
      else if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort);
    });
  }

  /**
   * One request, answered as the gateway would (or as scripted). `signal` is the caller's own: a Request's copy
   * of it follows it only while the Request's internal controller is alive, which the garbage collector may end.
   */
  async serve(request: Request, signal: AbortSignal): Promise<Response> {
    const bytes = new Uint8Array(await request.arrayBuffer());
    const url = new URL(request.url);
    const text = new TextDecoder().decode(bytes);
    let body: unknown = bytes.length ? text : undefined;
    try {
      body = JSON.parse(text);
    } catch {}
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) {
      headers[name] = /^(x-api-key|authorization)$/.test(name) ? shorten(value) : name === 'x-admin-key' ? '…' : value;
    }
    const logged: MockRequest = { method: request.method, path: url.pathname + url.search, headers, body };
    this.requests.push(logged);
    const response = await this.#answer(request, bytes, url, signal);
    this.#options.onRequest?.(logged, response.status);
    return response;
  }

  async #answer(request: Request, bytes: Uint8Array<ArrayBuffer>, url: URL, signal: AbortSignal): Promise<Response> {
    const arrivedAt = this.state.now();
    const requestId = requestIdOf(request);
    const matched = match(request.method, url.pathname, requestId);
    if (matched instanceof Response) return matched;
    const { op } = matched.route;
    // A handler the test installed answers first; then what was scripted for a call's arrival.
    const fresh = () =>
      new Request(request.url, { method: request.method, headers: request.headers, body: bytes.length ? bytes : undefined });
    const handled = await this.#script.answer(op, fresh);
    if (handled) return handled;
    const failure = this.#script.take(op, 'received');
    if (failure?.kind === 'hang') await this.#wait(undefined, signal);
    if (failure?.kind === 'answer') return scriptedAnswer(failure, requestId);
    const { open, admin } = matched.route;
    if (admin) {
      const refused = authenticateAdmin(this.#options.adminKey ?? MOCK_ADMIN_KEY, request, requestId);
      if (refused) return refused;
    }
    const key = open || admin ? undefined : authenticate(this.state, request, requestId);
    if (key instanceof Response) return key;
    // A scripted 429 is met only by a call whose key passed.
    const limited = this.#script.take(op, 'authenticated');
    if (limited?.kind === 'rateLimit') return rateLimited(key?.project.rateLimitPerMin ?? 60, limited.retryAfter ?? 1, requestId);
    if (this.#options.latency) await this.#wait(this.#options.latency, signal);
    const context: RequestContext = {
      request,
      bytes,
      requestId,
      state: this.state,
      pathParam: matched.param,
      query: url.searchParams,
      arrivedAt,
      userId: request.headers.get('x-user-id'),
      reply: this.#options.reply ?? ((m) => `echo: ${lastUser(m)}`),
      // A provider failure is met where the provider would be called; a stream failure, by a stream.
      scriptedFailure: (stage) => this.#script.take(op, stage),
      streaming: { pace: this.#options.streamPace ?? 0, signal, track: this.#track },
      unready: this.#options.unready,
    };
    const response = handle(op, context, key?.project);
    return failure?.kind === 'cut' ? cutBody(response, failure.after, this.#track) : response;
  }

  /** The in-memory fetch: this gateway's URL only, no socket. */
  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (this.closed) throw new TypeError('omnigate/testing: the mock gateway was closed');
    const request = new Request(input, init);
    if (!request.url.startsWith(`${this.url}/`)) {
      throw new TypeError(`omnigate/testing: this fetch serves ${this.url} only, not ${new URL(request.url).origin}`);
    }
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? new AbortController().signal;
    if (signal.aborted) throw signal.reason;
    return this.serve(request, signal);
  };

  listen(port = 0): Promise<string> {
    this.#listening ??= listen((request, signal) => this.serve(request, signal), port);
    return this.#listening.then((l) => l.url);
  }

  async close() {
    this.closed = true;
    for (const stop of [...this.#stops]) stop();
    await (await this.#listening)?.close();
  }
}
