// Leveled logging of each attempt and retry. Lines carry method, path, status, attempt, delay and
// request id; never a header, a body or a key.

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  debug(message: string, data?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
export const LOG_LEVELS = Object.keys(RANK) as LogLevel[];

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in RANK;
}

export type Log = (level: Exclude<LogLevel, 'off'>, message: string, data?: Record<string, unknown>) => void;

/** A log function that drops lines above `level`; undefined when nothing would be logged. */
export function makeLog(level: LogLevel, logger: Logger): Log | undefined {
  if (level === 'off') return undefined;
  const max = RANK[level];
  return (lineLevel, message, data) => {
    if (RANK[lineLevel] > max) return;
    // No data, no second argument: console would print it as a stray `undefined`.
    if (data === undefined) logger[lineLevel](`omnigate: ${message}`);
    else logger[lineLevel](`omnigate: ${message}`, data);
  };
}
