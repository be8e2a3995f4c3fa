// Sends one call: attempts with retries, the timeout, the caller's abort. Handed to openapi-fetch as its `fetch`.
import { AbortError, ConnectionError, type GatewayError, TimeoutError } from './errors.js';
import type { Log } from './log.js';
import { type RetryConfig, retryDecision } from './retry.js';
import { retryAfterMs } from './retry-after.js';

export interface TransportConfig {
  fetch: typeof globalThis.fetch;
  /** The base URL without credentials or query, for messages. */
  baseURL: string;
  log?: Log | undefined;
}

export interface CallSettings {
  timeout: number;
  retry: RetryConfig;
  signal?: AbortSignal | undefined;
  /** A stream: the 200's body is not read here, and the timeout then applies between chunks. */
  stream: boolean;
}

/**
 * The Request openapi-fetch builds, minus what a real Request costs: the body stays a string, so every
 * attempt can send it again without cloning a stream.
 */
export class LiteRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  // openapi-fetch always passes its merged headers as a Headers object.
  constructor(url: string, init: { method?: string; headers?: Headers; body?: BodyInit | null }) {
    this.url = url;
    this.method = init.method ?? 'GET';
    this.headers = init.headers as Headers;
    this.body = init.body ?? null;
  }
}

/**
 * What openapi-fetch reads of an answer whose body the attempt has already read: the real answer's status and
 * headers over that text. Cheaper than wrapping the text in a new Response, which would build and read a stream again.
 */
function buffered(response: Response, text: string): Response {
  const { status, ok, headers } = response;
  const answer = { status, ok, headers, body: null, text: async () => text, json: async () => JSON.parse(text) };
  return answer as unknown as Response;
}

/** One call's attempts. `end()` must run when the call is over (for a stream, when its body is done). */
export class Call {
  attempts = 0;
  /** The real answer of the last attempt (its body already read unless it is a stream). */
  lastResponse: Response | undefined;
  #request: LiteRequest | undefined;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastActivity = 0;
  #paused = false;
  #timedOut = false;
  #aborted: AbortError | undefined;
  #wake: (() => void) | undefined;
  #ended = false;

  readonly #transport: TransportConfig;
  readonly #settings: CallSettings;
  readonly #onEnd: ((call: Call) => void) | undefined;

  constructor(transport: TransportConfig, settings: CallSettings, onEnd?: (call: Call) => void) {
    this.#transport = transport;
    this.#settings = settings;
    this.#onEnd = onEnd;
    const { signal } = settings;
    if (signal?.aborted) this.#aborted = abortError(signal.reason);
    else if (signal) watch(signal, this);
  }

  /** Stops the call now: the current attempt or sleep ends and the call rejects with `reason`. */
  abort(reason: AbortError): void {
    if (this.#aborted) return;
    this.#aborted = reason;
    this.#controller?.abort(reason);
    this.#wake?.();
  }

  /** The `fetch` openapi-fetch calls. Resolves with the final answer (ok or not); throws a GatewayError. */
  fetch = async (request: LiteRequest): Promise<Response> => {
    this.#request = request;
    const { retry, stream } = this.#settings;
    for (let attempt = 0; ; attempt++) {
      if (this.#aborted) throw this.#aborted;
      this.attempts = attempt + 1;
      const started = Date.now();
      this.#arm();
      let failure: 'network' | 'timeout';
      let cause: unknown;
      try {
        // Called unbound: a browser's fetch throws "Illegal invocation" when `this` is anything but the window.
        const { fetch } = this.#transport;
        const response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: this.#controller!.signal,
        });
        const { status } = response;
        // Retry-After is parsed only for a status worth retrying; for others retryDecision answers no at once.
        const waitMs = retry.retryStatuses.includes(status) ? retryAfterMs(response.headers) : null;
        const decision = retryDecision(attempt, { kind: 'status', status, retryAfterMs: waitMs }, retry);
        if (this.#transport.log)
          this.#log('debug', 'answer', { status, requestId: response.headers.get('x-request-id'), ms: Date.now() - started });
        if (waitMs !== null && waitMs > retry.maxRetryAfter)
          this.#log('warn', 'Retry-After above maxRetryAfter: not retried', { status, waitMs });
        if (decision.retry) {
          response.body?.cancel().catch(() => {});
          this.#disarm();
          await this.#sleep(decision.delayMs, `HTTP ${status}`);
          continue;
        }
        this.lastResponse = response;
        if (stream && response.ok) return response;
        // Read the whole body inside the attempt, so the timeout covers it and a cut mid-body is retried.
        const text = await response.text();
        this.#disarm();
        return buffered(response, text);
      } catch (err) {
        this.#disarm();
        if (this.#aborted) throw this.#aborted;
        failure = this.#timedOut ? 'timeout' : 'network';
        cause = err;
        this.#log('debug', 'failed', { reason: failure === 'timeout' ? failure : describe(err), ms: Date.now() - started });
      }
      const decision = retryDecision(attempt, { kind: failure }, retry);
      if (!decision.retry) throw this.#failed(failure, cause);
      await this.#sleep(decision.delayMs, failure === 'timeout' ? failure : describe(cause));
    }
  };

  /** `METHOD /path` of the request, for messages; computed only when one is needed. */
  get operation(): string {
    const request = this.#request;
    if (!request) return 'call';
    const path = request.url.slice(this.#transport.baseURL.length).replace(/[?#].*$/, '');
    return `${request.method} ${path || '/'}`;
  }

  /** The error for a failure while a stream's body is read. */
  streamFailure(err: unknown): GatewayError {
    if (this.#aborted) return this.#aborted;
    if (this.#timedOut) {
      return new TimeoutError(`${this.operation}: the stream from ${this.#transport.baseURL} stalled for ${this.#settings.timeout} ms`, {
        cause: err,
        attempts: this.attempts,
      });
    }
    return new ConnectionError(`${this.operation}: the connection to ${this.#transport.baseURL} broke mid-stream: ${describe(err)}`, {
      cause: err,
      attempts: this.attempts,
    });
  }

  /** The stream's consumer has the last chunk: stop the idle clock until it asks for more. */
  pause(): void {
    this.#paused = true;
  }

  /** The stream is waiting for the next chunk (or one just arrived): restart the idle clock. */
  touch(): void {
    this.#paused = false;
    this.#lastActivity = Date.now();
  }

  /** Ends the call: stops its timer, detaches from the caller's signal and drops the connection if still open. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#disarm();
    // A stream left early still holds its connection; a buffered call has nothing open.
    if (this.#settings.stream) this.#controller?.abort(new AbortError('the stream was closed'));
    if (this.#settings.signal) unwatch(this.#settings.signal, this);
    this.#onEnd?.(this);
  }

  #arm() {
    this.#controller = new AbortController();
    this.#timedOut = false;
    this.touch();
    this.#timer = setTimeout(this.#onTimer, this.#settings.timeout);
  }

  #disarm() {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  // One timer per attempt, re-armed only when it fires early: chunks only note the time.
  #onTimer = () => {
    const idle = Date.now() - this.#lastActivity;
    if (this.#paused || idle < this.#settings.timeout) {
      this.#timer = setTimeout(this.#onTimer, this.#paused ? this.#settings.timeout : this.#settings.timeout - idle);
      return;
    }
    this.#timer = undefined;
    this.#timedOut = true;
    // The reason is internal: fetch rejects with it, and #timedOut decides what the caller sees.
    this.#controller?.abort(new Error('omnigate: attempt timed out'));
  };

  /** One structured line per event: the operation and attempt, plus the event's figures. Never a header or a body. */
  #log(level: 'debug' | 'info' | 'warn', event: string, data: Record<string, unknown>) {
    this.#transport.log?.(level, event, { operation: this.operation, attempt: this.attempts, ...data });
  }

  #sleep(ms: number, reason: string): Promise<void> {
    this.#log('info', 'retrying', { delayMs: Math.round(ms), reason });
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        if (this.#aborted) reject(this.#aborted);
        else resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  #failed(kind: 'network' | 'timeout', cause: unknown): ConnectionError {
    const { operation } = this;
    const { timeout } = this.#settings;
    const tries = this.attempts === 1 ? '1 attempt' : `${this.attempts} attempts`;
    return kind === 'timeout'
      ? new TimeoutError(`${operation}: no answer from ${this.#transport.baseURL} within ${timeout} ms (${tries})`, {
          cause,
          attempts: this.attempts,
        })
      : new ConnectionError(`${operation}: could not reach ${this.#transport.baseURL} (${tries}): ${describe(cause)}`, {
          cause,
          attempts: this.attempts,
        });
  }
}

// One listener per caller signal, however many calls share it, removed when the last of them ends:
// a long-lived signal collects no listeners and raises no MaxListenersExceededWarning.
const watched = new WeakMap<AbortSignal, { calls: Set<Call>; listener: () => void }>();

function watch(signal: AbortSignal, call: Call) {
  let entry = watched.get(signal);
  if (!entry) {
    const calls = new Set<Call>();
    const listener = () => {
      const reason = abortError(signal.reason);
      for (const c of calls) c.abort(reason);
    };
    entry = { calls, listener };
    watched.set(signal, entry);
    signal.addEventListener('abort', listener);
  }
  entry.calls.add(call);
}

function unwatch(signal: AbortSignal, call: Call) {
  const entry = watched.get(signal);
  if (!entry?.calls.delete(call) || entry.calls.size) return;
  signal.removeEventListener('abort', entry.listener);
  watched.delete(signal);
}

function abortError(reason: unknown): AbortError {
  if (reason instanceof AbortError) return reason;
  return new AbortError('the call was aborted', { cause: reason });
}

/** The deepest cause's message, the most specific words in a chain (`connect ECONNREFUSED 127.0.0.1:8000`). */
function describe(err: unknown): string {
  let e = err as { message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; depth < 5 && e?.cause instanceof Error; depth++) e = e.cause as typeof e;
  return typeof e?.message === 'string' && e.message ? e.message : String(err);
}
