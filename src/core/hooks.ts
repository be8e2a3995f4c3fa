// Hooks: the app's functions told of each call's life (each attempt sent, the response, a retry, an error, a
// stream's end). Events carry the operation, timings and the response's meta, never a key, a header or a body; a
// hook that throws or rejects is logged once at warn and the call goes on.
import type { GatewayError } from '../errors/errors.js';
import type { ResponseMeta } from './meta.js';

/** What every event carries. */
export interface HookEvent {
  /** The same for every event of one call. */
  callId: number;
  /** `METHOD /path`, parameters filled in (as sent, a `baseURL` path included): for logs, not for grouping. */
  operation: string;
  /** The document's operationId (`chat`, `chatCompletions`, `getModel`...): the call's name, bounded. */
  operationId: string;
  /** The route template, `METHOD /path/{param}`: bounded too. */
  route: string;
  /** The URL sent to (the base URL has no credentials). */
  url: string;
  /** The model asked for, on chat calls. */
  model: string | undefined;
  /**
   * The model parameters of a chat call (its body without `messages`: temperature, max_tokens, top_p, stop, seed,
   * penalties...), whether or not content is recorded; undefined on calls that take no model.
   */
  params: Record<string, unknown> | undefined;
  /** The request body (its messages), when a hook asked for content (`content: true`). */
  input?: unknown;
  /** The attempt under way: 1 for the first. */
  attempt: number;
  /** Milliseconds since the call began. */
  elapsedMs: number;
}

/** The gateway's facts about a response: `ResponseMeta` without the raw headers. */
export type HookMeta = Omit<ResponseMeta, 'headers'>;

/** Token counts, as the gateway reports them. */
export interface HookUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** An attempt is about to be sent: `attempt` says which. */
export type RequestEvent = HookEvent;

export interface ResponseEvent extends HookEvent {
  status: number;
  meta: HookMeta;
  /** True when the body is a stream still to read (`onStreamEnd` follows); absent otherwise. */
  stream?: true;
  /** From the body of a whole chat answer: its usage, finish reason and (on `/v1/chat`) cost. */
  usage?: HookUsage | undefined;
  finishReason?: string | null | undefined;
  costUsd?: number | undefined;
  /** The completion's id from the body of a whole chat answer (the provider's on `/v1/chat`, may be empty). */
  responseId?: string | undefined;
  /** The whole answer (its text), when a hook asked for content (`content: true`). */
  output?: unknown;
}

/** `attempt` is the one that failed. */
export interface RetryEvent extends HookEvent {
  delayMs: number;
  /** `HTTP 429`, `timeout`, or the network failure. */
  reason: string;
  status: number | undefined;
}

export interface ErrorEvent extends HookEvent {
  /** The typed error the call raises (keys already scrubbed). */
  error: GatewayError;
}

export interface StreamEndEvent extends HookEvent {
  items: number;
  bytes: number;
  /** The usage the stream reported (the compat stream, when asked for), else null. */
  usage: HookUsage | null;
  /** The caller stopped reading before the end (break, abort, an error of its own); a failure is `onError`'s. */
  abandoned: boolean;
}

/** Functions told of each call's life. Any may be async; none can break the call. */
export interface Hooks {
  /**
   * Let events carry what was said: the request body (`input`, with its messages) and a whole answer (`output`,
   * with its text). Off by default, as OpenTelemetry's conventions ask: content can be personal data.
   */
  content?: boolean;
  /** An attempt is about to be sent. */
  onRequest?(event: RequestEvent): unknown;
  /** A response arrived and is what the call resolves to (or, for a stream, begins). */
  onResponse?(event: ResponseEvent): unknown;
  /** An attempt failed and another is scheduled. */
  onRetry?(event: RetryEvent): unknown;
  /** The call raises an error. */
  onError?(event: ErrorEvent): unknown;
  /** A stream ended: read to its end, failed, or left by its reader. */
  onStreamEnd?(event: StreamEndEvent): unknown;
  /**
   * Runs each attempt's fetch inside the hook: call `send()` once and return what it returns (or resolve to it), as
   * OpenTelemetry's `context.with(ctx, send)` does, so the fetch's own instrumentation nests under the call's span.
   * A hook that throws before sending is logged and skipped.
   */
  wrap?<T>(event: RequestEvent, send: () => Promise<T>): Promise<T>;
}

export const HOOK_NAMES = ['onRequest', 'onResponse', 'onRetry', 'onError', 'onStreamEnd', 'wrap', 'content'];

/** Tells one call's events to its hooks; `around` runs an attempt's fetch inside the hooks that wrap. */
export type Emit = ((name: Exclude<keyof Hooks, 'content' | 'wrap'>, data?: object) => void) & {
  around?: <T>(send: () => Promise<T>) => Promise<T>;
};

let calls = 0;

/** The emitter for one call, or undefined when no hook listens (then nothing is built). */
export function emitter(
  hooks: Hooks[],
  base: Omit<HookEvent, 'callId' | 'attempt' | 'elapsedMs'>,
  fail: (err: unknown) => void,
): Emit | undefined {
  if (!hooks.length) return;
  const callId = ++calls;
  const started = Date.now();
  let attempt = 0;
  // Object.assign rather than spread: one hidden class for every event on Node 20 (see Caller's #prepare).
  const event = (data?: object) => Object.assign({ callId }, base, { attempt, elapsedMs: Date.now() - started }, data);
  const emit: Emit = (name, data) => {
    if (name === 'onRequest') attempt++;
    for (const hook of hooks) {
      try {
        const on = hook[name] as ((event: object) => unknown) | undefined;
        (on?.call(hook, event(data)) as Promise<unknown> | undefined)?.then?.(undefined, fail);
      } catch (err) {
        fail(err);
      }
    }
  };
  // The first hook's wrap is the outermost; each hands the next one (and at last the fetch) its `send`.
  if (hooks.some((h) => h.wrap))
    emit.around = (send) =>
      hooks.reduceRight(
        (next, hook) => () => {
          try {
            return hook.wrap ? hook.wrap(event(), next) : next();
          } catch (err) {
            fail(err);
            return next();
          }
        },
        send,
      )();
  return emit;
}
