// What each stream yields: the chat stream's text pieces and the compat stream's chunks, turned from the pure
// decoders' output into items, or into the typed error that ends the stream.

import type { CompletionUsage } from '../../generated/types.js';
import type { ItemDecoder } from '../core/stream-call.js';
import { type Schema, validate } from '../core/validate.js';
import { GatewayError, ProviderError, ResponseValidationError } from '../errors/errors.js';
import { compatFrame, createSseDecoder } from './sse.js';
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
  const item = (piece: string) => (piece ? [asChunks ? { text: piece, requestId } : piece] : []);
  const decoder: ItemDecoder<string | StreamChunk> = {
    push: (bytes) => item(text.push(bytes)),
    finish() {
      const end = text.finish();
      if (end.error !== null) {
        const detail = context.scrub(streamErrorDetail(end.error));
        decoder.error = new ProviderError({ statusCode: 502, detail, requestId, ...context.request });
      }
      return item(end.text);
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
  const frames = (payloads: string[]) => {
    const items: Item[] = [];
    for (const data of payloads) {
      if (decoder.done || decoder.error) break;
      const frame = compatFrame(data);
      if (frame.kind === 'done') decoder.done = true;
      else if (frame.kind === 'invalid') decoder.error = invalidResponse(operation, response, ['data: frame is not JSON']);
      else if (frame.kind === 'error') {
        const requestId = response.headers.get('x-request-id');
        decoder.error = new ProviderError({
          statusCode: 502,
          detail: scrub(frame.message),
          requestId,
          ...request,
          body: scrub(frame.value),
        });
      } else {
        const issues = chunk ? issuesOf(frame.value, chunk) : [];
        if (issues.length) decoder.error = invalidResponse(operation, response, issues);
        else {
          // A compat stream's usage chunk (`choices: []`) carries the usage.
          const { usage } = frame.value as { usage?: CompletionUsage | null };
          if (usage) context.note?.(usage);
          items.push(frame.value as Item);
        }
      }
    }
    return items;
  };
  const decoder: ItemDecoder<Item> = {
    push: (bytes) => frames(sse.push(bytes)),
    finish() {
      const items = frames(sse.finish());
      if (!decoder.done) decoder.error ??= new GatewayError(`${operation}: the stream ended before [DONE]`);
      return items;
    },
  };
  return decoder;
}

/** Each field of `value` that the schema does not allow, as `path: message`. */
export function issuesOf(value: unknown, schema: Schema): string[] {
  return validate(value, schema).map((i) => `${i.path || '(body)'}: ${i.message}`);
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
