/**
 * openapi-fetch bound to the document's `paths`, sending through a `Client`: any route of the document, typed
 * from it, with the client's key, retries, timeouts, logging, redaction and errors.
 *
 * ```ts
 * import { createFetchClient } from 'omnigate/fetch';
 * ```
 * @module omnigate/fetch
 */
import type { Client as OpenAPIClient } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import type { Client } from './client.js';
import { internals } from './core/internal.js';
import { send } from './core/transport.js';
import { InvalidArgumentError } from './errors/errors.js';

export type { paths };
/** openapi-fetch's client over the gateway's document. */
export type FetchClient = OpenAPIClient<paths>;

type Create = typeof openapiFetch.default;
// openapi-fetch's ESM build exports `createClient` as its default; from our CommonJS build the bundler's interop hands
// over its CJS exports object, whose `default` is the function.
const pick = (imported: Create | { default: Create }): Create => (typeof imported === 'function' ? imported : imported.default);
const createClient = pick(openapiFetch.default);

/**
 * openapi-fetch's typed client for every route of the document, sending through `client`: a 2xx resolves as
 * openapi-fetch's `{ data, response }`; any other status, once the client's retries are spent, rejects with the same
 * typed error the client's methods raise (`RateLimitError`, `AuthError`, ...). Streams are not delivered piecewise
 * here: use `chatStream()` and `completionsStream()`.
 *
 * @example
 * ```ts
 * import { Client } from 'omnigate';
 * import { createFetchClient } from 'omnigate/fetch';
 *
 * const api = createFetchClient(new Client({ apiKey: 'llmg_...' }));
 * const { data } = await api.GET('/v1/models/{model_id}', { params: { path: { model_id: 'gpt-4o-mini' } } });
 * ```
 */
export function createFetchClient(client: Client): FetchClient {
  const inside = internals.get(client);
  if (!inside) throw new InvalidArgumentError('client', 'expected a Client from omnigate');
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body ? await request.text() : undefined;
    const settings = inside.settings(Object.fromEntries(request.headers), parsed(body), [request.signal]);
    const out = { method: request.method, url: request.url, label: `${request.method} ${url.pathname}`, body };
    const { response, text } = await send(inside.transport, out, settings);
    // The body was read inside the attempt (so the timeout covered it); openapi-fetch reads it again from here.
    return new Response(response.status === 204 ? null : text, { status: response.status, headers: response.headers });
  };
  return createClient<paths>({ baseUrl: client.baseURL, fetch });
}

/** A JSON body as data, so that a provider key in it is scrubbed from errors; anything else as undefined. */
function parsed(body: string | undefined): unknown {
  try {
    return body === undefined ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}
