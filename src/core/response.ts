// The promise every non-streaming method returns: the wire object, or with `.withResponse()` its metadata too.
import { type ResponseMeta, responseMeta } from './meta.js';

export interface WithResponse<T> {
  data: T;
  /** The gateway's headers, typed: request id, provider, model, cache, rate limit, budget. */
  meta: ResponseMeta;
  response: Response;
}

export interface APIPromise<T> extends Promise<T> {
  /** The same call's result with its response metadata: `const { data, meta } = await client.chat(...).withResponse()`. */
  withResponse(): Promise<WithResponse<T>>;
}

export function apiPromise<T>(result: Promise<{ data: T; response: Response }>): APIPromise<T> {
  const data = result.then((r) => r.data) as APIPromise<T>;
  // Whichever of the two the caller awaits reports the error; the other must not count as unhandled.
  data.catch(() => {});
  data.withResponse = () => result.then((r) => ({ data: r.data, meta: responseMeta(r.response), response: r.response }));
  return data;
}
