// The retry policy: which failures are retried, and how long to wait. Pure.

export interface RetryConfig {
  /** Retries after the first attempt. @default 2 */
  maxRetries: number;
  /** The first backoff, in milliseconds; it doubles with each retry. @default 500 */
  backoffBase: number;
  /** The cap on the client's own backoff, in milliseconds. @default 8000 */
  backoffMax: number;
  /**
   * The longest server-requested wait (`Retry-After`) the client will sleep, in milliseconds.
   * When the server asks for more, the error is raised at once instead. @default 60000
   */
  maxRetryAfter: number;
  /** Random spread of the backoff, as a fraction (0.2 is ±20%). Never applied to `Retry-After`. @default 0.2 */
  jitter: number;
  /** HTTP statuses worth another attempt. @default [429, 500, 502, 503, 504] */
  retryStatuses: readonly number[];
}

export const defaultRetryConfig: Readonly<RetryConfig> = Object.freeze({
  maxRetries: 2,
  backoffBase: 500,
  backoffMax: 8_000,
  maxRetryAfter: 60_000,
  jitter: 0.2,
  // 429: rate limited; 500: provider or gateway fault; 502: provider unreachable;
  // 503: circuit open or not ready; 504: provider timed out.
  retryStatuses: Object.freeze([429, 500, 502, 503, 504]),
});

/** What ended an attempt. */
export type AttemptOutcome = { kind: 'status'; status: number; retryAfterMs: number | null } | { kind: 'network' } | { kind: 'timeout' };

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * Whether to try again after `attempt` (0 for the first attempt) ended in `outcome`, and after how long.
 * A server's `Retry-After` is waited in full, never less; above `maxRetryAfter` it is not retried at all.
 */
export function retryDecision(
  attempt: number,
  outcome: AttemptOutcome,
  config: RetryConfig,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= config.maxRetries) return { retry: false };
  if (outcome.kind === 'status') {
    if (!config.retryStatuses.includes(outcome.status)) return { retry: false };
    if (outcome.retryAfterMs !== null) {
      return outcome.retryAfterMs > config.maxRetryAfter ? { retry: false } : { retry: true, delayMs: outcome.retryAfterMs };
    }
  }
  return { retry: true, delayMs: backoff(attempt, config, random) };
}

/** Exponential backoff with jitter, capped at `backoffMax`. */
export function backoff(attempt: number, config: RetryConfig, random: () => number = Math.random): number {
  const base = Math.min(config.backoffBase * 2 ** attempt, config.backoffMax);
  const spread = 1 + config.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(base * spread, config.backoffMax));
}
