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

/** The call `run` makes, resolving to its data; `run` hands over its response through `keep` for `withResponse()`. */
export function apiPromise<T>(run: (keep: (response: Response) => void) => Promise<T>): APIPromise<T> {
  let response: Response;
  const promise = run((r) => {
    response = r;
  }) as APIPromise<T>;
  // Chained off the call itself: one promise per call, and awaiting either form observes the call's error.
  promise.withResponse = () => promise.then((data) => ({ data, meta: responseMeta(response), response }));
  return promise;
}
