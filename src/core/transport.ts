// One call's attempts: retries, redirects, the timeout (for a stream, the idle clock between chunks), the caller's
// abort, reading a whole body, and turning an HTTP error into its typed error. A stream's byte loop: stream-call.ts.
import { classify, parseErrorBody } from '../errors/classify.js';
import { AbortError, ConnectionError, GatewayError, RedirectError, TimeoutError } from '../errors/errors.js';
import type { Emit } from './hooks.js';
import type { Log } from './log.js';
import { redactDeep, redactHeaders, SECRET_HEADER } from './redact.js';
import type { Outgoing } from './request.js';
import { type RetryConfig, retryDecision } from './retry.js';
import { retryAfterMs } from './retry-after.js';
import { abortError, unwatch, watch } from './signals.js';

export interface TransportConfig {
  fetch: typeof globalThis.fetch;
  /** The base URL without credentials or query, for messages. */
  baseURL: string;
  log: Log | undefined;
  /** Whether per-attempt events are logged: they are built only then (they cost a header lookup per call). */
  debug: boolean;
  /** The client's own signal: `close()` aborts every call in flight through it. */
  closed: AbortSignal;
}

export interface CallSettings {
  timeout: number;
  retry: RetryConfig;
  /** Signals that abort the call: the caller's (a stream's own `abort()` calls `abort`). */
  signals: readonly AbortSignal[];
  headers: Record<string, string>;
  /** Statuses that resolve; any other status is raised as its typed error once retries are spent. */
  ok: readonly number[];
  /** The values to scrub from what an error carries (keys the call sent); asked for only when an error is raised. */
  secrets: () => readonly string[];
  /** Tells the call's hooks of its events; undefined when there are none. */
  hook?: Emit | undefined;
  /** A stream's sink: the usage it reported (noted by its decoder), for the stream-end hook. */
  sink?: { usage(): object | null };
  /** A hook asked for content (messages and answers) in its events. */
  content?: true | undefined;
}

/** Sends a call and reads its whole body. Resolves for an `ok` status; throws the call's typed error otherwise. */
export async function send(config: TransportConfig, out: Outgoing, settings: CallSettings): Promise<{ response: Response; text: string }> {
  const call = new Call(config, out, settings);
  try {
    return await call.run(false);
  } finally {
    call.end();
  }
}

/** One call's attempts, timer and signals; `send` drives it for a whole body, `open` (stream-call.ts) for a stream. */
export class Call {
  attempts = 0;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastActivity = 0;
  #paused = false;
  #timedOut = false;
  #aborted: AbortError | undefined;
  #wake: (() => void) | undefined;
  #stream = false;
  readonly #config: TransportConfig;
  readonly #out: Outgoing;
  readonly #settings: CallSettings;
  readonly #signals: AbortSignal[];

  constructor(config: TransportConfig, out: Outgoing, settings: CallSettings) {
    this.#config = config;
    this.#out = out;
    this.#settings = settings;
    this.#signals = [config.closed, ...settings.signals];
    for (const signal of this.#signals) {
      if (signal.aborted) this.#aborted ??= abortError(signal.reason);
      else watch(signal, this);
    }
  }

  /** Why the call was aborted (the caller's signal, `close()`, a stream's `abort()`), once it was. */
  get aborted(): AbortError | undefined {
    return this.#aborted;
  }

  /** Stops the call now: the current attempt or sleep ends and the call rejects with `reason`. */
  abort(reason: AbortError): void {
    if (this.#aborted) return;
    this.#aborted = reason;
    this.#controller?.abort(reason);
    this.#wake?.();
  }

  /** The attempts. For a stream, an ok response comes back with its body unread (and the idle clock running). */
  async run(stream: boolean): Promise<{ response: Response; text: string }> {
    this.#stream = stream;
    const { retry, ok, headers } = this.#settings;
    const { label } = this.#out;
    let { method, url, body } = this.#out;
    let hops = 0;
    for (let attempt = 0; ; attempt++) {
      if (this.#aborted) throw this.#aborted;
      this.attempts = attempt + 1;
      this.#settings.hook?.('onRequest');
      const started = Date.now();
      this.#arm();
      let failure: 'network' | 'timeout';
      let cause: unknown;
      try {
        // Called unbound: a browser's fetch throws "Illegal invocation" when `this` is anything but the window.
        const { fetch } = this.#config;
        // Redirects are this loop's to follow: fetch would carry x-api-key to any origin a Location names.
        const send = () => fetch(url, { method, headers, body, signal: this.#controller!.signal, redirect: 'manual' });
        const around = this.#settings.hook?.around;
        const response = await (around ? around(send) : send());
        const { status } = response;
        if (this.#config.debug)
          this.#log('debug', 'response', { status, requestId: response.headers.get('x-request-id'), ms: Date.now() - started });
        const location = status > 300 && status < 309 ? response.headers.get('location') : null;
        if (location !== null || response.type === 'opaqueredirect') {
          const target = location === null ? null : new URL(location, url);
          response.body?.cancel().catch(() => {});
          if (target?.origin !== new URL(url).origin || ++hops > 10) {
            const origin = target?.origin ?? null;
            const requestId = response.headers.get('x-request-id');
            const detail = `refused a redirect to ${origin ?? 'a target the runtime hides'}${hops > 10 ? ' (too many)' : ''}`;
            throw new RedirectError({ statusCode: status, detail, requestId, operation: label, method, url, target: origin });
          }
          // The same origin (FastAPI's trailing-slash 307): followed, in this attempt, keeping method and body (not for a 303).
          url = target.href;
          if (status === 303) [method, body] = ['GET', undefined];
          attempt--;
          this.#disarm();
          continue;
        }
        if (stream && ok.includes(status)) return { response, text: '' };
        if (!ok.includes(status)) {
          // Retry-After is parsed only for a status worth retrying; for others retryDecision says no at once.
          const waitMs = retry.retryStatuses.includes(status) ? retryAfterMs(response.headers) : null;
          const decision = retryDecision(attempt, { kind: 'status', status, retryAfterMs: waitMs }, retry);
          if (waitMs !== null && waitMs > retry.maxRetryAfter)
            this.#log('warn', 'Retry-After above maxRetryAfter: not retried', { status, waitMs });
          if (decision.retry) {
            response.body?.cancel().catch(() => {});
            this.#disarm();
            await this.#sleep(decision.delayMs, `HTTP ${status}`, status);
            continue;
          }
        }
        // The whole body is read inside the attempt, so the timeout covers it and a cut mid-body is retried.
        const text = await response.text();
        this.#disarm();
        if (!ok.includes(status)) throw this.#httpError(response, text, method, url);
        return { response, text };
      } catch (err) {
        this.#disarm();
        if (this.#aborted) throw this.#aborted;
        if (err instanceof GatewayError) throw err;
        failure = this.#timedOut ? 'timeout' : 'network';
        cause = err;
        if (this.#config.debug)
          this.#log('debug', 'failed', { reason: failure === 'timeout' ? failure : describe(err), ms: Date.now() - started });
      }
      const decision = retryDecision(attempt, { kind: failure }, retry);
      if (!decision.retry) throw this.#failed(failure, cause);
      await this.#sleep(decision.delayMs, failure === 'timeout' ? failure : describe(cause));
    }
  }

  /** The error for a failure while a stream's body is read. */
  streamFailure(err: unknown): GatewayError {
    return this.#aborted ?? this.#failed(this.#timedOut ? 'timeout' : 'network', err, true);
  }

  pause(): void {
    this.#paused = true;
  }

  /** The stream is waiting for the next chunk (or one just arrived): restart the idle clock. */
  touch(): void {
    this.#paused = false;
    this.#lastActivity = Date.now();
  }

  /** Stops the timer, detaches from the signals and drops a stream's connection if it is still open. */
  end(): void {
    this.#disarm();
    if (this.#stream) this.#controller?.abort(new AbortError('the stream was closed'));
    // The client's signal keeps its one listener between calls: adding and removing it cost each call a microsecond.
    for (const signal of this.#signals) unwatch(signal, this, signal === this.#config.closed);
  }

  #httpError(response: Response, text: string, method: string, url: string): GatewayError {
    const secrets = this.#settings.secrets();
    const headers = redactHeaders(response.headers, secrets);
    const body = redactDeep(parseErrorBody(text), secrets);
    // A 401 to a call that sent no key at all is a key never given: its message says how to give one.
    const keySent = Object.keys(this.#settings.headers).some((name) => SECRET_HEADER.test(name));
    return classify({ status: response.status, headers, body, operation: this.#out.label, method, url, keySent });
  }

  #arm() {
    this.#controller = new AbortController();
    this.#timedOut = false;
    this.touch();
    this.#timer = setTimeout(Call.#tick, this.#settings.timeout, this);
  }

  #disarm() {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  // One timer per attempt, re-armed only when it fires early: chunks only note the time. Static, with the call as its
  // argument: no closure made per call.
  static #tick(call: Call): void {
    const { timeout } = call.#settings;
    const idle = Date.now() - call.#lastActivity;
    if (call.#paused || idle < timeout) {
      call.#timer = setTimeout(Call.#tick, call.#paused ? timeout : timeout - idle, call);
      return;
    }
    call.#timer = undefined;
    call.#timedOut = true;
    // The reason is internal: fetch rejects with it, and #timedOut decides what the caller sees.
    call.#controller?.abort(new Error('timed out'));
  }

  /** One structured line per event: the operation and attempt, plus the event's figures. Never a header or a body. */
  #log(level: 'debug' | 'info' | 'warn', event: string, data: Record<string, unknown>) {
    this.#config.log?.(level, event, Object.assign({ operation: this.#out.label, attempt: this.attempts }, data));
  }

  #sleep(ms: number, reason: string, status?: number): Promise<void> {
    // A long wait is shown at the default level: a call that sits silent for 30 s looks hung.
    const event = { delayMs: Math.round(ms), reason, status };
    this.#log(ms < 5_000 ? 'info' : 'warn', 'retrying', event);
    this.#settings.hook?.('onRetry', event);
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

  /** The error for a failure to get a response (all attempts spent) or, `midStream`, to read a stream's body on. */
  #failed(kind: 'network' | 'timeout', cause: unknown, midStream?: boolean): ConnectionError {
    const { baseURL } = this.#config;
    const { label } = this.#out;
    const { timeout } = this.#settings;
    const tries = this.attempts === 1 ? '1 attempt' : `${this.attempts} attempts`;
    const init = { cause, attempts: this.attempts };
    if (kind === 'timeout') {
      const what = midStream
        ? `the stream from ${baseURL} stalled for ${timeout} ms`
        : `no response from ${baseURL} within ${timeout} ms (${tries})`;
      return new TimeoutError(`${label}: ${what}`, init);
    }
    const what = midStream ? `the connection to ${baseURL} broke mid-stream` : `could not reach ${baseURL} (${tries})`;
    return new ConnectionError(`${label}: ${what}: ${describe(cause)}`, init);
  }
}

/** The deepest cause's message, the most specific words in a chain (`connect ECONNREFUSED 127.0.0.1:8000`). */
function describe(err: unknown): string {
  let e = err as { message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; depth < 5 && e?.cause instanceof Error; depth++) e = e.cause as typeof e;
  return typeof e?.message === 'string' && e.message ? e.message : String(err);
}
