// The client's options: their defaults (some from the environment) and the checks that catch bad ones early.
import { InvalidArgumentError } from '../errors/errors.js';
import { isLogLevel, LOG_LEVELS, type Logger, type LogLevel } from './log.js';
import { defaultRetryConfig, type RetryConfig } from './retry.js';

export interface ClientOptions {
  /**
   * The gateway key (`llmg_...`), sent as `x-api-key`. Leave it out for `signup()` and the health probes.
   * @default process.env.OMNIGATE_API_KEY where an environment exists
   */
  apiKey?: string | undefined;
  /**
   * The gateway's address, http or https, with any path prefix.
   * @default process.env.OMNIGATE_BASE_URL, else "http://localhost:8000"
   */
  baseURL?: string | undefined;
  /**
   * The end user to attribute cost to, sent as `x-user-id`; a call's own `userId` wins.
   * @default process.env.OMNIGATE_USER_ID
   */
  userId?: string | undefined;
  /**
   * Milliseconds an attempt may take, body included; on a stream, also the longest wait between chunks.
   * @default 60000
   */
  timeout?: number | undefined;
  /**
   * Retries after the first attempt. When given, it wins over `retryConfig.maxRetries`.
   * @default 2
   */
  retries?: number | undefined;
  /** The retry policy; fields left out keep their defaults (see {@link RetryConfig}). */
  retryConfig?: Partial<RetryConfig> | undefined;
  /** Extra headers sent on every call. */
  headers?: Record<string, string> | undefined;
  /** The fetch to send with (a proxying or instrumented one, say). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Check every answer against the document and raise ResponseValidationError on a missing or mistyped field.
   * Unknown fields always pass. @default true
   */
  validate?: boolean | undefined;
  /**
   * How much to log: off, error, warn, info (retries) or debug (every attempt). Lines never carry a key.
   * @default process.env.OMNIGATE_LOG, else "warn"
   */
  logLevel?: LogLevel | undefined;
  /** Where log lines go. @default console */
  logger?: Logger | undefined;
  /**
   * Allow a client with a key in a browser page, where anyone who opens the page can read the key.
   * Leave it off and call the gateway from a server, unless the key is meant to be public (a demo project).
   * @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

export interface ResolvedOptions {
  apiKey: string | undefined;
  /** Without credentials, query or fragment (refused), so safe to print. */
  baseURL: string;
  userId: string | undefined;
  timeout: number;
  retry: RetryConfig;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
  validate: boolean;
  logLevel: LogLevel;
  logger: Logger;
}

export const DEFAULT_BASE_URL = 'http://localhost:8000';
export const DEFAULT_TIMEOUT = 60_000;

/** An environment variable where the runtime has one (Node, Bun, Deno with permission); never throws. */
export function readEnv(name: string): string | undefined {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get(n: string): string | undefined } };
  };
  try {
    const value = g.process?.env?.[name] ?? g.Deno?.env?.get(name);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

export function resolveOptions(options: ClientOptions = {}): ResolvedOptions {
  need(typeof options === 'object' && options !== null, 'options', 'an object such as { apiKey, baseURL }');
  const apiKey = options.apiKey !== undefined ? options.apiKey : readEnv('OMNIGATE_API_KEY');
  need(
    apiKey === undefined || (typeof apiKey === 'string' && apiKey.trim() !== ''),
    'apiKey',
    'a non-empty string (a gateway key, llmg_...), or leave it out',
  );
  need(
    !apiKey || options.dangerouslyAllowBrowser === true || typeof (globalThis as { document?: unknown }).document === 'undefined',
    'dangerouslyAllowBrowser',
    'true to put a gateway key in a browser page, where anyone can read it (or call the gateway from a server)',
  );
  const baseURL = parseBaseURL(options.baseURL ?? readEnv('OMNIGATE_BASE_URL') ?? DEFAULT_BASE_URL);
  const userId = options.userId ?? readEnv('OMNIGATE_USER_ID');
  need(userId === undefined || typeof userId === 'string', 'userId', 'a string');
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  checkTimeout('timeout', timeout);
  const headers = options.headers ?? {};
  need(
    typeof headers === 'object' && headers !== null && Object.values(headers).every((v) => typeof v === 'string'),
    'headers',
    'an object of header names to string values',
  );
  const fetchImpl = options.fetch ?? globalThis.fetch;
  need(typeof fetchImpl === 'function', 'fetch', 'a fetch function (this runtime has no global fetch, so pass one)');
  const envLevel = readEnv('OMNIGATE_LOG')?.toLowerCase();
  // A typo in the environment must not stop an app from starting: it falls back to the default.
  const logLevel = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : 'warn');
  need(isLogLevel(logLevel), 'logLevel', `one of ${LOG_LEVELS.join(', ')}`);
  const logger = options.logger ?? console;
  need(
    typeof logger === 'object' && logger !== null && LOG_LEVELS.slice(1).every((m) => typeof logger[m as keyof Logger] === 'function'),
    'logger',
    'an object with error, warn, info and debug methods (console fits)',
  );
  return {
    apiKey,
    baseURL,
    userId,
    timeout,
    retry: resolveRetry(options.retryConfig, options.retries),
    headers,
    fetch: fetchImpl,
    validate: options.validate ?? true,
    logLevel,
    logger,
  };
}

export function checkTimeout(field: string, value: unknown): asserts value is number {
  need(typeof value === 'number' && Number.isFinite(value) && value > 0, field, 'a positive number of milliseconds, such as 30000', value);
}

export function checkRetries(field: string, value: unknown): asserts value is number {
  need(Number.isInteger(value) && (value as number) >= 0, field, 'a whole number of retries, 0 or more', value);
}

/** The retry policy from the defaults, `retryConfig` over them, and `retries` over that. */
function resolveRetry(partial: Partial<RetryConfig> | undefined, retries: number | undefined): RetryConfig {
  const base = defaultRetryConfig;
  need(partial === undefined || (typeof partial === 'object' && partial !== null), 'retryConfig', 'an object such as { maxRetries: 3 }');
  const config: RetryConfig = { ...base };
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    need(key in base, `retryConfig.${key}`, `a known setting: ${Object.keys(base).join(', ')}`);
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  if (retries !== undefined) config.maxRetries = retries;
  checkRetries(retries !== undefined ? 'retries' : 'retryConfig.maxRetries', config.maxRetries);
  for (const key of ['backoffBase', 'backoffMax', 'maxRetryAfter'] as const) {
    need(typeof config[key] === 'number' && config[key] >= 0, `retryConfig.${key}`, 'milliseconds, 0 or more', config[key]);
  }
  need(
    typeof config.jitter === 'number' && config.jitter >= 0 && config.jitter <= 1,
    'retryConfig.jitter',
    'a fraction from 0 to 1',
    config.jitter,
  );
  need(
    Array.isArray(config.retryStatuses) && config.retryStatuses.every(Number.isInteger),
    'retryConfig.retryStatuses',
    'a list of HTTP statuses',
  );
  return config;
}

function parseBaseURL(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  const example = 'an http or https URL such as "https://gw.example.com"';
  if (url) need(url.protocol === 'http:' || url.protocol === 'https:', 'baseURL', `${example}, got a ${url.protocol} URL`);
  else need(false, 'baseURL', example, value);
  // fetch refuses URLs with credentials; say so now rather than on the first call.
  need(!url!.username && !url!.password, 'baseURL', 'a URL without user:password@ (send credentials with `headers`)');
  need(!url!.search && !url!.hash, 'baseURL', 'a URL without ?query or #fragment (paths are appended to it)');
  return url!.href.replace(/\/+$/, '');
}

/** Throws InvalidArgumentError(`field: expected ...[, got ...]`) unless `ok`. */
function need(ok: boolean, field: string, expected: string, ...got: [unknown?]): asserts ok {
  if (!ok) throw new InvalidArgumentError(field, `expected ${expected}${got.length ? `, got ${show(got[0])}` : ''}`);
}

// Strings are never echoed: a key passed in the wrong place must not end up in a message.
function show(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}
