// The error classes. Every failure the client reports is one of these; none carries a key.

/**
 * The base of every error this package throws.
 * @example
 * ```ts
 * try {
 *   await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
 * } catch (err) {
 *   if (!(err instanceof GatewayError)) throw err; // not the gateway's: a bug
 *   console.error(err.name, err.message);
 * }
 * ```
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
}

export interface APIErrorInit {
  statusCode: number;
  detail: string;
  requestId: string | null;
  /** `METHOD /path` of the call as sent (a `baseURL` path included), for the message. */
  operation?: string | undefined;
  /** The request's method. */
  method?: string | undefined;
  /** The URL actually requested (after any same-origin redirect). */
  url?: string | undefined;
  /** What to do about it, in the SDK's words: appended to the message, never to `detail`. */
  hint?: string | undefined;
  /** The parsed error body as the gateway sent it (JSON value or text). */
  body?: unknown;
  headers?: Headers | undefined;
}

/**
 * The gateway (or something in front of it) answered with an HTTP error.
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof APIError) console.error(err.statusCode, err.detail, 'request', err.requestId);
 * }
 * ```
 */
export class APIError extends GatewayError {
  override name = 'APIError';
  /** The HTTP status. */
  declare readonly statusCode: number;
  /** The gateway's explanation, always a string (`HTTP <status>` when the body had none). */
  declare readonly detail: string;
  /** The response's `x-request-id`, to quote when reporting a problem. */
  declare readonly requestId: string | null;
  /** The error body as sent: parsed JSON where it was JSON, else its text. */
  declare readonly body: unknown;
  /** The response's headers. */
  declare readonly headers: Headers | undefined;
  /** The request's method (`POST`). */
  declare readonly method: string | undefined;
  /** The URL the request went to, `baseURL`'s path included: what to compare when a 404 is a surprise. */
  declare readonly url: string | undefined;
  /** What to do about it, where the SDK knows (a key never given, an unknown model, a provider key not stored); the message ends with it. */
  declare readonly hint: string | undefined;

  constructor(init: APIErrorInit) {
    const { operation, hint } = init;
    super(`${operation ? `${operation}: ` : ''}${init.statusCode} ${init.detail}${requestNote(init.requestId)}${hint ? `. ${hint}` : ''}`);
    this.statusCode = init.statusCode;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.body = init.body;
    this.headers = init.headers;
    this.method = init.method;
    this.url = init.url;
    this.hint = hint;
  }
}

/**
 * The gateway routes no model by that name (a 400 on the chat routes, a 404 for a model card): a typo or a model
 * the gateway does not know, not a provider's failure. `model` is the name it refused.
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof UnknownModelError) console.error(`no model ${err.model}; try one of`, (await client.models()).map((m) => m.id));
 * }
 * ```
 */
export class UnknownModelError extends APIError {
  override name = 'UnknownModelError';
  /** The model name the gateway refused, as it quoted it (null when it quoted none). */
  declare readonly model: string | null;
  constructor(init: APIErrorInit) {
    super(init);
    this.model = /model '([^']*)'/.exec(init.detail)?.[1] ?? null;
  }
}

/**
 * 401: the gateway key is missing, wrong or revoked. A provider's 401 is a {@link ProviderError}.
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof AuthError) await rotateGatewayKey();
 * }
 * ```
 */
export class AuthError extends APIError {
  override name = 'AuthError';
}

/**
 * 402: a daily or monthly budget of the project or its organisation is spent.
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof BudgetExceededError) return res.status(503).send(`Out of budget: ${err.detail}`);
 * }
 * ```
 */
export class BudgetExceededError extends APIError {
  override name = 'BudgetExceededError';
}

/**
 * 429: rate-limited by the gateway (with `retryAfter`) or by the provider behind it.
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof RateLimitError) console.log('slow down; retry after', err.retryAfter, 's');
 * }
 * ```
 */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** Seconds the server asked to wait (`Retry-After`, or `retry-after-ms` / 1000), or null when it did not say. */
  declare readonly retryAfter: number | null;
  constructor(init: APIErrorInit & { retryAfter: number | null }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/**
 * A redirect the client refused: to another origin than its `baseURL`'s (where it would carry the key), one whose
 * target the runtime hides (a browser), or one too many. `statusCode` is the redirect's status (0 where hidden).
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof RedirectError) console.error(`the gateway redirected to ${err.target}: check baseURL`);
 * }
 * ```
 */
export class RedirectError extends APIError {
  override name = 'RedirectError';
  /** The origin the response pointed to (never its path or query), or null where the runtime hides it. */
  declare readonly target: string | null;
  constructor(init: APIErrorInit & { target: string | null }) {
    super(init);
    this.target = init.target;
  }
}

/**
 * 502, or a provider's own failure passed through by the gateway (any status), or a stream's in-band failure.
 * @example
 * ```ts
 * catch (err) {
 *   // "my OpenAI key is bad", told apart from "my gateway key is bad" (AuthError)
 *   if (err instanceof ProviderError && err.statusCode === 401) await fixProviderKey();
 * }
 * ```
 */
export class ProviderError extends APIError {
  override name = 'ProviderError';
}

/**
 * The gateway could not be reached, or the connection failed, after every retry.
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof ConnectionError) console.error(`unreachable after ${err.attempts} attempts:`, err.message);
 * }
 * ```
 */
export class ConnectionError extends GatewayError {
  override name = 'ConnectionError';
  /** How many attempts were made. */
  declare readonly attempts: number;
  constructor(message: string, options: { cause?: unknown; attempts: number }) {
    super(message, { cause: options.cause });
    this.attempts = options.attempts;
  }
}

/**
 * No response (or, on a stream, no next chunk) within the timeout, after every retry.
 * @example
 * ```ts
 * await client.chat(params, { timeout: 10_000 }).catch((err) => {
 *   if (err instanceof TimeoutError) return fallbackReply();
 *   throw err;
 * });
 * ```
 */
export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
}

/**
 * The caller aborted the call through its `signal` (or closed the client). Never retried.
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1_000);
 * await client.chat(params, { signal: controller.signal }).catch((err) => {
 *   if (!(err instanceof AbortError)) throw err;
 * });
 * ```
 */
export class AbortError extends GatewayError {
  override name = 'AbortError';
}

/**
 * A bad argument or option, caught before anything was sent.
 * @example
 * ```ts
 * try {
 *   new Client({ baseUrl: 'https://gw.example.com' } as never);
 * } catch (err) {
 *   if (err instanceof InvalidArgumentError) console.error(err.field, err.message); // baseUrl: unknown option; did you mean `baseURL`?
 * }
 * ```
 */
export class InvalidArgumentError extends GatewayError {
  override name = 'InvalidArgumentError';
  /** The argument or option at fault, such as `messages[0].role` or `timeout`. */
  declare readonly field: string;
  /** `operation` (`METHOD /path`) leads the message when the argument belongs to a call. */
  constructor(field: string, message: string, operation?: string) {
    super(`${operation ? `${operation}: ` : ''}${field}: ${message}`);
    this.field = field;
  }
}

/**
 * A successful response that is not what the document promises: not JSON, a field missing or of the wrong type.
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof ResponseValidationError) console.error(err.issues); // ['usage.total_tokens: expected integer, got string']
 * }
 * ```
 */
export class ResponseValidationError extends GatewayError {
  override name = 'ResponseValidationError';
  declare readonly statusCode: number;
  declare readonly requestId: string | null;
  /** Each problem as `path: message`. */
  declare readonly issues: readonly string[];
  constructor(init: { operation: string; statusCode: number; requestId: string | null; issues: string[]; cause?: unknown }) {
    super(`${init.operation}: unexpected response${requestNote(init.requestId)}: ${init.issues.join('; ')}`, { cause: init.cause });
    this.statusCode = init.statusCode;
    this.requestId = init.requestId;
    this.issues = init.issues;
  }
}

function requestNote(requestId: string | null): string {
  return requestId ? ` (request ${requestId})` : '';
}

/** Every error class by its name: the classifier's pick, and a class revived from an NDJSON error line. */
export const ERROR_CLASSES = {
  GatewayError,
  APIError,
  AuthError,
  BudgetExceededError,
  RateLimitError,
  ProviderError,
  RedirectError,
  ConnectionError,
  TimeoutError,
  AbortError,
  InvalidArgumentError,
  ResponseValidationError,
  UnknownModelError,
};
