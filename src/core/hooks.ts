// Hooks: the app's functions told of each call's life (each attempt sent, the response, a retry, an error, a
// stream's end). Events carry the operation, timings and the response's meta, never a key, a header or a body; a
// hook that throws or rejects is logged once at warn and the call goes on.
import type { GatewayError } from '../errors/errors.js';
import type { ResponseMeta } from './meta.js';

/** What every event carries. */
export interface HookEvent {
  /** The same for every event of one call. */
  callId: number;
  /** `METHOD /path`, parameters filled in. */
  operation: string;
  /** The URL sent to (the base URL has no credentials). */
  url: string;
  /** The model asked for, on chat calls. */
  model: string | undefined;
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
}

export const HOOK_NAMES = ['onRequest', 'onResponse', 'onRetry', 'onError', 'onStreamEnd', 'content'];

/** Tells one call's events to its hooks. */
export type Emit = (name: Exclude<keyof Hooks, 'content'>, data?: object) => void;

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
  return (name, data) => {
    if (name === 'onRequest') attempt++;
    for (const hook of hooks) {
      try {
        const on = hook[name] as ((event: object) => unknown) | undefined;
        (on?.call(hook, { callId, ...base, attempt, elapsedMs: Date.now() - started, ...data }) as Promise<unknown> | undefined)?.then?.(
          undefined,
          fail,
        );
      } catch (err) {
        fail(err);
      }
    }
  };
}
