// How long the server asked us to wait: `retry-after-ms`, then `Retry-After` (seconds or an HTTP-date).

export interface HeaderSource {
  get(name: string): string | null;
}

const NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * Milliseconds to wait before the next attempt, or null when the server gave no usable value.
 * A date in the past is 0; negative numbers and garbage are null.
 */
export function retryAfterMs(headers: HeaderSource, now: number = Date.now()): number | null {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && NUMBER.test(ms)) return finite(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (NUMBER.test(value)) return finite(Number(value) * 1000);
  // Only something that looks like an HTTP-date; Date.parse accepts far too much ("1", "2 3").
  if (!/[a-z]{3}/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
