// How the gateway's answers look on the wire: JSON with `x-request-id`, FastAPI's `{detail}`, OpenAI's error shape,
// the 500 that carries nothing, and the rate-limit and budget headers of the chat routes.
import type { Problem } from './body.js';
import { hex32 } from './state.js';

export type HeaderList = Array<[string, string]>;

/** The caller's `x-request-id` when it sent one, else one the gateway makes (32 hex characters). */
export function requestIdOf(request: Request): string {
  return request.headers.get('x-request-id') || hex32();
}

export function json(status: number, body: unknown, headers: HeaderList = []): Response {
  return new Response(JSON.stringify(body), { status, headers: [['content-type', 'application/json'], ...headers] });
}

/** FastAPI's `{"detail": "..."}`, with the request id. */
export function detail(status: number, message: string, requestId: string, headers: HeaderList = []): Response {
  return json(status, { detail: message }, [...headers, ['x-request-id', requestId]]);
}

/** A 422 with FastAPI's list of problems. */
export function invalid(problems: Problem[], requestId: string): Response {
  return json(422, { detail: problems }, [['x-request-id', requestId]]);
}

/** `/v1/chat/completions` and the model routes answer their own errors in OpenAI's shape. */
export function openaiError(status: number, message: string, requestId: string, headers: HeaderList = []): Response {
  const type = status >= 500 ? 'provider_error' : 'invalid_request_error';
  return json(status, { error: { message, type, param: null, code: null } }, [...headers, ['x-request-id', requestId]]);
}

/** An unhandled server error: plain text, and no request id. */
export const internalError = (): Response =>
  new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export const noContent = (requestId: string): Response =>
  new Response(null, {
    status: 204,
    headers: [
      ['content-type', 'application/json'],
      ['x-request-id', requestId],
    ],
  });

/** Microsecond-free ISO-8601 in UTC, as the gateway's timestamps read (`2026-11-30T04:16:42.633Z`). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A decimal with a fixed number of places, as the gateway prints money (`"5.0000"`, `0.000003`). */
export const fixed = (value: number, places: number): string => value.toFixed(places);
