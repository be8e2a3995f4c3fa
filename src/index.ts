// biome-ignore-all assist/source/organizeImports: the admin API's export stays last (see there)
/**
 * The client: `Client` (one method per gateway operation, with retries, timeouts, typed errors and streams),
 * `AdminClient` for the operators' API, the error classes, `Stream`, and the document's wire types by name.
 *
 * ```ts
 * import { Client, AdminClient, APIError, type ChatReply } from 'omnigate';
 * ```
 * @module omnigate
 */

export { type CallOptions, type ChatParams, Client, type StreamOptions } from './client.js';
export type {
  ErrorEvent,
  HookEvent,
  HookMeta,
  Hooks,
  HookUsage,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  StreamEndEvent,
} from './core/hooks.js';
export type { Logger, LogLevel } from './core/log.js';
export type { BudgetInfo, RateLimitInfo, ResponseMeta } from './core/meta.js';
export type { ClientOptions } from './core/options.js';
export type { APIPromise, WithResponse } from './core/response.js';
export type { RetryConfig } from './core/retry.js';
export { defaultRetryConfig } from './core/retry.js';
export type { APIErrorInit } from './errors/errors.js';
export {
  AbortError,
  APIError,
  AuthError,
  BudgetExceededError,
  ConnectionError,
  GatewayError,
  InvalidArgumentError,
  ProviderError,
  RateLimitError,
  RedirectError,
  ResponseValidationError,
  TimeoutError,
  UnknownModelError,
} from './errors/errors.js';
export type { StreamChunk } from './streams/items.js';
export type { StreamSource } from './core/stream-call.js';
export { Stream, type StreamSink } from './streams/stream.js';
export { STREAM_ERROR_SENTINEL } from './streams/text.js';
export type * from './types.js';
export { VERSION } from './version.js';
// Last: the admin API's module must not change the order (and so the minified names) of Client's bundle.
export { type AdminCallOptions, AdminClient, type AdminClientOptions, type ListProjectsQuery } from './admin.js';
