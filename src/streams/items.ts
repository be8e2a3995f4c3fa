// What each stream yields: the chat stream's text pieces and the compat stream's chunks, turned from the pure
// decoders' output into items, or into the typed error that ends the stream.

import type { CompletionUsage } from '../../generated/types.js';
import type { ItemDecoder } from '../core/stream-call.js';
import { type Schema, validate } from '../core/validate.js';
import { GatewayError, ProviderError, ResponseValidationError } from '../errors/errors.js';
import { createSseDecoder } from './sse.js';
import { createTextStreamDecoder, streamErrorDetail } from './text.js';

/** A piece of a streamed chat with the request id it belongs to. */
export interface StreamChunk {
  text: string;
  requestId: string | null;
}

/** What an item decoder needs to know of its call: its label, its response, how to scrub what an error carries. */
export interface StreamContext {
  /** The call, as an in-band failure's APIError names it: `METHOD /path`, the method, the URL. */
  request: { operation: string; method?: string; url?: string };
  response: Response;
  scrub: <V>(value: V) => V;
  /** Tells the Stream of a usage chunk's usage (its `usage` getter). */
  note?: (usage: CompletionUsage) => void;
}

/** The plain-text chat stream: text as it arrives (or `{ text, requestId }`), then ProviderError if the sentinel came. */
export function textItems(asChunks: boolean, context: StreamContext): ItemDecoder<string | StreamChunk> {
  const text = createTextStreamDecoder();
  const requestId = context.response.headers.get('x-request-id');
  const add = (piece: string, out: Array<string | StreamChunk>) => {
    if (piece) out.push(asChunks ? { text: piece, requestId } : piece);
  };
  const decoder: ItemDecoder<string | StreamChunk> = {
    push: (bytes, out) => add(text.push(bytes), out),
    finish(out) {
      const end = text.finish();
      if (end.error !== null) {
        const detail = context.scrub(streamErrorDetail(end.error));
        decoder.error = new ProviderError({ statusCode: 502, detail, requestId, ...context.request });
      }
      add(end.text, out);
    },
  };
  return decoder;
}

/**
 * The compat SSE stream: chunk objects up to `[DONE]`, each checked against `chunk` when given; an in-band error
 * frame, a frame that is not JSON, or no `[DONE]` is an error.
 */
export function compatItems<Item>(context: StreamContext, chunk: Schema | undefined): ItemDecoder<Item> {
  const sse = createSseDecoder();
  const { request, response, scrub } = context;
  const { operation } = request;
  // The payloads of one read: one array for the stream's life, emptied after each read.
  const payloads: string[] = [];
  const frames = (out: Item[]) => {
    for (let i = 0; i < payloads.length && !decoder.done && !decoder.error; i++) {
      const data = payloads[i]!;
      if (data === '[DONE]') {
        decoder.done = true;
        break;
      }
      let value: { error?: { message?: unknown }; usage?: CompletionUsage | null } | null;
      try {
        value = JSON.parse(data);
      } catch {
        decoder.error = invalidResponse(operation, response, ['data: frame is not JSON']);
        break;
      }
      const error = value?.error;
      if (error) {
        const message = streamErrorDetail(typeof error.message === 'string' ? error.message : '');
        const requestId = response.headers.get('x-request-id');
        decoder.error = new ProviderError({ statusCode: 502, detail: scrub(message), requestId, ...request, body: scrub(value) });
        break;
      }
      const issues = chunk && issuesOf(value, chunk);
      if (issues) decoder.error = invalidResponse(operation, response, issues);
      else {
        // A compat stream's usage chunk (`choices: []`) carries the usage.
        if (value?.usage) context.note?.(value.usage);
        out.push(value as Item);
      }
    }
    payloads.length = 0;
  };
  const decoder: ItemDecoder<Item> = {
    push(bytes, out) {
      sse.push(bytes, payloads);
      frames(out);
    },
    finish(out) {
      sse.finish(payloads);
      frames(out);
      if (!decoder.done) decoder.error ??= new GatewayError(`${operation}: the stream ended before [DONE]`);
    },
  };
  return decoder;
}

/** Each field of `value` that the schema does not allow, as `path: message`; undefined when it passes. */
export function issuesOf(value: unknown, schema: Schema): string[] | undefined {
  const found = validate(value, schema);
  return found.length ? found.map((i) => `${i.path || '(body)'}: ${i.message}`) : undefined;
}

export function invalidResponse(operation: string, response: Response, issues: string[], cause?: unknown): ResponseValidationError {
  return new ResponseValidationError({
    operation,
    statusCode: response.status,
    requestId: response.headers.get('x-request-id'),
    issues,
    cause,
  });
}
