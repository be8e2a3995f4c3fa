// The package's public surface.
export { type CallOptions, type ChatParams, Client, type Stream, type StreamOptions } from './client.js';
export type { APIErrorInit } from './errors.js';
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
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
export type { StreamChunk } from './items.js';
export type { Logger, LogLevel } from './log.js';
export type { BudgetInfo, RateLimitInfo, ResponseMeta } from './meta.js';
export type { ClientOptions } from './options.js';
export type { APIPromise, WithResponse } from './response.js';
export type { RetryConfig } from './retry.js';
export { defaultRetryConfig } from './retry.js';
export { STREAM_ERROR_SENTINEL } from './stream.js';
export type * from './types.js';
export { VERSION } from './version.js';
