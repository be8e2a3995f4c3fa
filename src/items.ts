// What each stream yields: the chat stream's text pieces and the compat stream's chunks, from its bytes.
import { GatewayError, ProviderError, ResponseValidationError } from './errors.js';
import { compatFrame, createSseDecoder } from './sse.js';
import { createTextStreamDecoder, streamErrorDetail } from './stream.js';
import type { ChatCompletionChunk } from './types.js';
import { type Schema, schemas, validate } from './validate.js';

/** Turns a stream's bytes into the items it yields. `done` ends reading early; `error` is thrown after the items before it. */
export interface ItemDecoder<Item> {
  push(bytes: Uint8Array): Item[];
  finish(): Item[];
  done?: boolean;
  error?: GatewayError;
}

/** A piece of a streamed chat with the request id it belongs to. */
export interface StreamChunk {
  text: string;
  requestId: string | null;
}

type Scrub = <V>(value: V) => V;

/** The plain-text chat stream: text as it arrives (or `{ text, requestId }`), then ProviderError if the sentinel came. */
export function textItems(asChunks: boolean, requestId: string | null, operation: string, scrub: Scrub): ItemDecoder<string | StreamChunk> {
  const text = createTextStreamDecoder();
  const item = (piece: string) => (piece ? [asChunks ? { text: piece, requestId } : piece] : []);
  const decoder: ItemDecoder<string | StreamChunk> = {
    push: (bytes) => item(text.push(bytes)),
    finish() {
      const end = text.finish();
      if (end.error !== null) {
        decoder.error = new ProviderError({ statusCode: 502, detail: scrub(streamErrorDetail(end.error)), requestId, operation });
      }
      return item(end.text);
    },
  };
  return decoder;
}

/** The compat SSE stream: chunk objects up to `[DONE]`; an in-band error frame, a bad frame or no `[DONE]` is an error. */
export function compatItems(
  requestId: string | null,
  operation: string,
  response: Response | undefined,
  scrub: Scrub,
  shouldValidate: boolean,
): ItemDecoder<ChatCompletionChunk> {
  const sse = createSseDecoder();
  const frames = (payloads: string[]) => {
    const items: ChatCompletionChunk[] = [];
    for (const data of payloads) {
      if (decoder.done || decoder.error) break;
      const frame = compatFrame(data);
      if (frame.kind === 'done') decoder.done = true;
      else if (frame.kind === 'invalid') decoder.error = invalidAnswer(operation, response, ['data: frame is not JSON']);
      else if (frame.kind === 'error') {
        decoder.error = new ProviderError({
          statusCode: 502,
          detail: scrub(frame.message),
          requestId,
          operation,
          body: scrub(frame.value),
        });
      } else {
        const issues = shouldValidate ? answerIssues(schemas.ChatCompletionChunkSchema, frame.value) : [];
        if (issues.length) decoder.error = invalidAnswer(operation, response, issues);
        else items.push(frame.value as ChatCompletionChunk);
      }
    }
    return items;
  };
  const decoder: ItemDecoder<ChatCompletionChunk> = {
    push: (bytes) => frames(sse.push(bytes)),
    finish() {
      const items = frames(sse.finish());
      if (!decoder.done) decoder.error ??= new GatewayError(`${operation}: the stream ended before [DONE]`);
      return items;
    },
  };
  return decoder;
}

function answerIssues(schema: Schema, value: unknown): string[] {
  return validate(value, schema).map((i) => `${i.path || '(body)'}: ${i.message}`);
}

/** Throws ResponseValidationError naming each field of `value` that the schema does not allow. */
export function check(schema: Schema, value: unknown, operation: string, response: Response | undefined): void {
  const issues = answerIssues(schema, value);
  if (issues.length) throw invalidAnswer(operation, response, issues);
}

export function invalidAnswer(
  operation: string,
  response: Response | undefined,
  issues: string[],
  cause?: unknown,
): ResponseValidationError {
  return new ResponseValidationError({
    operation,
    statusCode: response?.status ?? 0,
    requestId: response?.headers.get('x-request-id') ?? null,
    issues,
    cause,
  });
}
