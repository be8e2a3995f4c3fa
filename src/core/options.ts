// The client's options and each call's: their defaults (some from the environment) and the checks that refuse bad
// ones before anything is sent, each naming the option and what to pass.
import { InvalidArgumentError } from '../errors/errors.js';
import { HOOK_NAMES, type Hooks } from './hooks.js';
import { isLogLevel, LOG_LEVELS, type Logger, type LogLevel } from './log.js';
import { defaultRetryConfig, type RetryConfig } from './retry.js';

export interface ClientOptions {
  /**
   * The gateway key (`llmg_...`), sent as `x-api-key`. Leave it out for `signup()` and the health probes.
   * @default process.env.OMNIGATE_API_KEY where an environment exists
   */
  apiKey?: string | undefined;
  /**
   * The gateway's address, http or https, with any path prefix in front of the gateway (not `/v1`: the client adds it).
   * @default process.env.OMNIGATE_BASE_URL, else "http://localhost:8000"
   */
  baseURL?: string | undefined;
  /**
   * The end user to attribute cost to, sent as `x-user-id`; a call's own `userId` wins. Latin-1 text (HTTP headers
   * carry nothing else): encode other characters yourself, such as with `encodeURIComponent`.
   * @default process.env.OMNIGATE_USER_ID
   */
  userId?: string | undefined;
  /**
   * Milliseconds an attempt may take, body included; on a stream, also the longest wait between chunks.
   * At most 2,147,483,647 (what timers hold).
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
   * Check every response against the document and raise ResponseValidationError on a missing or mistyped field.
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
  /** Functions told of every call's life: each attempt, the response, retries, errors, a stream's end (see {@link Hooks}). */
  hooks?: Hooks | undefined;
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
  hooks: Hooks | undefined;
  /** What to tell the developer once, at `warn`: an unusual key, a key sent in clear text. */
  warnings: string[];
}

/** A check of one option's value, and what it expects, for the message. */
export type Rule = [ok: (value: never) => unknown, expected: string];

/** The longest delay timers hold (2^31 - 1 ms, about 24.8 days): above it Node fires at once, and warns. */
const MAX_MS = 2_147_483_647;
// What a header can carry: Latin-1 without NUL, CR or LF (fetch would throw mid-call; CR/LF would split the header).
const HEADER = /^[^\0\r\n\u0100-\uffff]+$/;
export const header: Rule = [
  (v: string) => typeof v === 'string' && v.trim() && HEADER.test(v),
  'Latin-1 text without line breaks or NUL (encodeURIComponent the rest)',
];
const ms = (min: number): Rule => [(v: number) => v >= min && v <= MAX_MS, `milliseconds from ${min} to ${MAX_MS}`];
const count: Rule = [(v: number) => Number.isInteger(v) && v >= 0, 'a whole number, 0 or more'];
const bool: Rule = [(v) => typeof v === 'boolean', 'true or false'];
const object: Rule = [(v) => typeof v === 'object', 'an object'];
const headers: Rule = [
  (v: object) =>
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.entries(v).every(([name, value]) => /^[!#$%&'*+.^`|~\w-]+$/.test(name) && header[0](value as never)),
  `an object of header names to values in ${header[1]}`,
];

const hooks: Rule = [
  (v: object) =>
    Object.entries(v).every(([name, f]) => HOOK_NAMES.includes(name) && typeof f === (name === 'content' ? 'boolean' : 'function')),
  `an object of hook functions: ${HOOK_NAMES.join(', ')}`,
];

export const CLIENT: Record<string, Rule> = {
  apiKey: header,
  baseURL: [(v) => typeof v === 'string', 'a URL'],
  userId: header,
  timeout: ms(1),
  retries: count,
  retryConfig: object,
  headers,
  fetch: [(v) => typeof v === 'function', 'a function with the signature of fetch'],
  validate: bool,
  logLevel: [isLogLevel, `one of ${LOG_LEVELS.join(', ')}`],
  logger: [
    (v: Logger) => LOG_LEVELS.slice(1).every((m) => typeof v?.[m as keyof Logger] === 'function'),
    'an object with error, warn, info and debug methods',
  ],
  dangerouslyAllowBrowser: bool,
  hooks,
};
const RETRY: Record<keyof RetryConfig, Rule> = {
  maxRetries: count,
  backoffBase: ms(0),
  backoffMax: ms(0),
  maxRetryAfter: ms(0),
  jitter: [(v: number) => v >= 0 && v <= 1, 'a fraction from 0 to 1'],
  retryStatuses: [(v: unknown[]) => Array.isArray(v) && v.every(Number.isInteger), 'a list of HTTP statuses'],
};
const CALL: Record<string, Rule> = {
  signal: [(v: object) => v instanceof AbortSignal, 'an AbortSignal'],
  timeout: ms(1),
  retries: count,
  userId: header,
  headers,
  hooks,
};
// Names other clients use for the same thing, which no spelling distance would find.
const RENAMED: Record<string, string> = {
  maxRetries: '`retries` (or `retryConfig.maxRetries`)',
  defaultHeaders: '`headers`',
};

/** Reads an environment variable where the runtime has one (Node, Bun, Deno 2 with --allow-env); never throws. */
export function readEnv(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The options resolved: defaults, the environment, every check. `adminKey` (AdminClient's, already checked) stands for
 * the gateway key in the key checks, and then neither the gateway key nor the user id is read from the environment.
 */
export function resolveOptions(options: ClientOptions = {}, adminKey?: string): ResolvedOptions {
  checkAll(options, CLIENT, '');
  const o: ClientOptions = adminKey
    ? options
    : { ...options, apiKey: options.apiKey ?? readEnv('OMNIGATE_API_KEY'), userId: options.userId ?? readEnv('OMNIGATE_USER_ID') };
  checkAll(o, CLIENT, '');
  const { apiKey } = o;
  const key = apiKey ?? adminKey;
  const warnings: string[] = [];
  if (apiKey && !apiKey.startsWith('llmg_')) {
    const provider = apiKey.startsWith('sk-') ? '; a provider key such as OpenAI’s sk-... goes to setProviderKey()' : '';
    warnings.push(`apiKey does not look like a gateway key (llmg_ and 43 characters)${provider}`);
  }
  need(
    !key || o.dangerouslyAllowBrowser || typeof (globalThis as { document?: unknown }).document === 'undefined',
    'dangerouslyAllowBrowser',
    'true to put a key in a page anyone can read (or call the gateway from a server)',
  );
  const url = baseURL(o.baseURL ?? readEnv('OMNIGATE_BASE_URL') ?? 'http://localhost:8000');
  if (key && url.protocol === 'http:' && !/^((.+\.)?localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname)) {
    warnings.push(`baseURL is http: to ${url.host}, not loopback: the key travels in clear text (use https:)`);
  }
  const fetch = o.fetch ?? globalThis.fetch;
  need(typeof fetch === 'function', 'fetch', 'a fetch function: this runtime has no global fetch');
  const envLevel = readEnv('OMNIGATE_LOG')?.toLowerCase();
  return {
    apiKey,
    baseURL: url.href.replace(/\/+$/, ''),
    userId: o.userId,
    timeout: o.timeout ?? 60_000,
    retry: retryConfig(o.retryConfig, o.retries),
    headers: o.headers ?? {},
    fetch,
    validate: o.validate ?? true,
    // A typo in the environment must not stop an app from starting: it falls back to the default.
    logLevel: o.logLevel ?? (isLogLevel(envLevel) ? envLevel : 'warn'),
    logger: o.logger ?? console,
    hooks: o.hooks,
    warnings,
  };
}

/** Checks a call's options (`also` names the extra ones a method takes, such as `asChunks`). */
export function checkCallOptions(options: object, also?: string): void {
  checkAll(options, also ? { ...CALL, [also]: bool } : CALL, 'options.');
}

/** The retry policy from the defaults, `retryConfig` over them, and `retries` over that. */
function retryConfig(given: Partial<RetryConfig> = {}, retries?: number): RetryConfig {
  checkAll(given, RETRY, 'retryConfig.');
  const set = Object.fromEntries(Object.entries(given).filter(([, value]) => value != null));
  return { ...defaultRetryConfig, ...set, ...(retries != null && { maxRetries: retries }) };
}

function baseURL(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  // fetch refuses URLs with credentials, and paths are appended: say so now rather than on the first call.
  need(
    /^https?:$/.test(url?.protocol as string) && !url!.username && !url!.password && !url!.search && !url!.hash,
    'baseURL',
    'an http(s) URL such as "https://gw.example.com", without user:password@, ?query or #fragment',
  );
  // What the OpenAI SDK wants: this client adds /v1 itself, so /v1/v1/chat would be a bare 404.
  need(!/\/v1\/*$/.test(url!.pathname), 'baseURL', 'the gateway’s address without /v1 (the client adds /v1 itself)');
  return url!;
}

/**
 * Checks every key of `object` against `rules`: an unknown key names the closest known one; a value (other than
 * undefined or null, which mean "not given") must pass its rule.
 */
export function checkAll(object: object, rules: Record<string, Rule>, prefix: string): void {
  need(typeof object === 'object' && object !== null, prefix.slice(0, -1) || 'options', 'an object');
  for (const [key, value] of Object.entries(object)) {
    const rule = rules[key];
    if (!rule) {
      const keys = Object.keys(rules);
      // The same name in another case or spelling (baseUrl, base_url), else one that starts alike (timout, valdiate).
      const near = keys.find((k) => plain(k) === plain(key)) ?? keys.find((k) => plain(k).slice(0, 3) === plain(key).slice(0, 3));
      const hint = RENAMED[key] ?? (near && `\`${prefix}${near}\``);
      throw new InvalidArgumentError(prefix + key, `unknown option${hint ? `; did you mean ${hint}?` : ` (known: ${keys.join(', ')})`}`);
    }
    if (value != null) need(!!rule[0](value as never), prefix + key, rule[1], value);
  }
}

/** A name without case or separators, to compare spellings. */
function plain(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/** Throws InvalidArgumentError(`field: expected ...[, got ...]`) unless `ok`. */
function need(ok: unknown, field: string, expected: string, ...got: [unknown?]): asserts ok {
  if (!ok) throw new InvalidArgumentError(field, `expected ${expected}${got.length ? `, got ${show(got[0])}` : ''}`);
}

// Strings are never echoed: a key passed in the wrong place must not end up in a message.
function show(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}
