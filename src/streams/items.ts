// What each stream yields: the chat stream's text pieces and the compat stream's chunks, turned from the pure
// decoders' output into items, or into the typed error that ends the stream.

import type { CompletionUsage } from '../../generated/types.js';
import type { Operation } from '../core/operation.js';
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
  /** The Stream's sink, told of a usage chunk's usage (its `usage` getter). */
  sink?: { note(usage: CompletionUsage): void };
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
 * The compat SSE stream: chunk objects up to `[DONE]`, each checked against the operation's `chunk` when given; an
 * in-band error frame, a frame that is not JSON, or no `[DONE]` is an error.
 */
export function compatItems<Item>(context: StreamContext, check: Check | undefined): ItemDecoder<Item> {
  return new CompatItems<Item>(context, check);
}
type Check = Pick<Operation, 'chunk' | 'chunkPasses'>;

/** A class, not closures: an idle stream holds one small object (docs/design.md, "Streams"). */
class CompatItems<Item> implements ItemDecoder<Item> {
  done = false;
  error: GatewayError | undefined;
  #sse = createSseDecoder();
  #context: StreamContext;
  #check: Check | undefined;
  // The payloads of one read: one array for the stream's life, emptied after each read.
  #payloads: string[] = [];

  constructor(context: StreamContext, check: Check | undefined) {
    this.#context = context;
    this.#check = check;
  }

  push(bytes: Uint8Array, out: Item[]): void {
    this.#sse.push(bytes, this.#payloads);
    this.#frames(out);
  }

  finish(out: Item[]): void {
    this.#sse.finish(this.#payloads);
    this.#frames(out);
    if (!this.done) this.error ??= new GatewayError(`${this.#context.request.operation}: the stream ended before [DONE]`);
  }

  #frames(out: Item[]): void {
    const payloads = this.#payloads;
    const { request, response, scrub, sink } = this.#context;
    const check = this.#check;
    for (let i = 0; i < payloads.length && !this.done && !this.error; i++) {
      const data = payloads[i]!;
      if (data === '[DONE]') {
        this.done = true;
        break;
      }
      let value: { error?: { message?: unknown }; usage?: CompletionUsage | null } | null;
      try {
        value = JSON.parse(data);
      } catch {
        this.error = invalidResponse(request.operation, response, ['data: frame is not JSON']);
        break;
      }
      const error = value?.error;
      if (error) {
        const message = streamErrorDetail(typeof error.message === 'string' ? error.message : '');
        const requestId = response.headers.get('x-request-id');
        this.error = new ProviderError({ statusCode: 502, detail: scrub(message), requestId, ...request, body: scrub(value) });
        break;
      }
      const issues = check && !check.chunkPasses!(value) ? issuesOf(value, check.chunk!) : undefined;
      if (issues) this.error = invalidResponse(request.operation, response, issues);
      else {
        // A compat stream's usage chunk (`choices: []`) carries the usage.
        if (value?.usage) sink?.note(value.usage);
        out.push(value as Item);
      }
    }
    while (payloads.length) payloads.pop(); // not `length = 0`, a call into the runtime (see stream-call.ts)
  }
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
