// Scripted failures: what the next calls of a route do instead of answering normally.

/** One scripted failure. Give it to `failNext(route, failure, times)`. */
export type MockFailure =
  /** This answer instead of the route's own: any status, body (JSON unless a string) and headers. */
  | { kind: 'answer'; status: number; body?: unknown; headers?: Record<string, string> }
  /** The gateway's own 429 (`Rate limit exceeded`, `Retry-After` and `x-ratelimit-*`), whatever the window holds. */
  | { kind: 'rateLimit'; retryAfter?: number }
  /** The provider answers this status and body; the gateway passes it on (`OpenAI error 429: <body>`), as it does. */
  | { kind: 'provider'; status: number; body?: string }
  /** A stream that fails after `after` (default: the first piece of the reply) with `message`: the `\n[error] `
   * sentinel on `/v1/chat`, the in-band error frame on `/v1/chat/completions`. */
  | { kind: 'streamFailure'; after?: string; message?: string }
  /** The connection drops after `after` bytes of the body (default: half of it). */
  | { kind: 'cut'; after?: number }
  /** No answer at all until the caller gives up (its timeout or abort) or the mock is closed. */
  | { kind: 'hang' };

export const DEFAULT_STREAM_FAILURE = 'OpenAI error 500: {"error":"upstream broke"}';

/** A scripted answer as a Response. */
export function scriptedAnswer(failure: Extract<MockFailure, { kind: 'answer' }>, requestId: string): Response {
  const { status, body, headers = {} } = failure;
  const text = typeof body === 'string' ? body : body === undefined ? null : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  const all = new Headers({ 'content-type': type, 'x-request-id': requestId });
  for (const [name, value] of Object.entries(headers)) all.set(name, value);
  return new Response(status === 204 || status === 304 ? null : text, { status, headers: all });
}

/** The response with its body cut after `after` bytes: the reader gets those, then a network error. */
export function cutBody(response: Response, after: number | undefined, onClose: (stop: () => void) => void): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  let sent = 0;
  let limit = after;
  let cut = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onClose(() => controller.error(new TypeError('terminated')));
    },
    async pull(controller) {
      // Erroring a stream drops what it still queues: the bytes before the cut go first, the error on the next pull.
      if (cut) return controller.error(new TypeError('terminated'));
      const next = await reader.read();
      if (next.done) {
        controller.error(new TypeError('terminated'));
        return;
      }
      limit ??= Math.max(1, Math.floor(next.value.length / 2));
      const room = limit - sent;
      if (next.value.length < room) {
        sent += next.value.length;
        controller.enqueue(next.value);
        return;
      }
      cut = true;
      await reader.cancel();
      if (room > 0) controller.enqueue(next.value.subarray(0, room));
      else controller.error(new TypeError('terminated'));
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, headers: response.headers });
}
