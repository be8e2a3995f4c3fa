// Newline-delimited JSON for streams: a line per item, and a last line that says which typed error ended the stream,
// read back into the same class with its fields.

import type { CompletionUsage } from '../../generated/types.js';
import { ERROR_CLASSES, GatewayError, ResponseValidationError } from '../errors/errors.js';
import type { StreamSink } from './stream.js';
import { createUtf8Decoder } from './utf8.js';

/** A line of a stream as NDJSON that says the stream failed: the error's class name and its fields. */
export interface ErrorLine {
  error: { name: string; message: string; statusCode?: number; detail?: string; requestId?: string | null } & Record<string, unknown>;
}

export function parseLine(text: string, fallback?: string): ReturnType<typeof JSON.parse> {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (fallback !== undefined) return fallback;
    throw new ResponseValidationError({
      operation: 'stream',
      statusCode: 200,
      requestId: null,
      issues: ['a line is not JSON'],
      cause: err,
    });
  }
}

export function isErrorLine(value: unknown): value is ErrorLine {
  return typeof (value as ErrorLine | null)?.error?.name === 'string';
}

/** An error as a line's fields: its class name, message and own fields (the body it carries, already scrubbed). */
export function errorFields(err: unknown): ErrorLine['error'] {
  const error = err instanceof GatewayError ? err : new GatewayError(String(err));
  return { ...error, name: error.name, message: error.message };
}

/** The typed error a line stands for: an Error of the same class (its constructor is not run), with the line's fields. */
export function revive(fields: ErrorLine['error']): GatewayError {
  // The constructors take different shapes: none is run, the instance gets the line's fields.
  const named = (ERROR_CLASSES as Record<string, new (...args: never[]) => GatewayError>)[fields.name];
  return Object.assign(Reflect.construct(GatewayError, [fields.message], named ?? GatewayError), fields);
}

/** The items of an NDJSON body (what `toReadableStream()` writes): a line an item; an error line raised as its class. */
export async function* ndjsonItems<Item>(body: ReadableStream<Uint8Array>, sink: StreamSink): AsyncGenerator<Item, void, undefined> {
  const reader = body.getReader();
  const utf8 = createUtf8Decoder();
  let rest = '';
  // abort(): a read pending ends (cancelled), and the stream raises the reason before anything more.
  const { signal } = sink;
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', stop);
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      rest += done ? utf8.finish() : utf8.push(value);
      const lines = rest.split('\n');
      rest = done ? '' : lines.pop()!;
      for (const text of lines) {
        signal.throwIfAborted();
        if (!text) continue;
        const item = parseLine(text);
        if (isErrorLine(item)) throw revive(item.error);
        const usage = (item as { usage?: CompletionUsage | null } | null)?.usage;
        if (usage) sink.note(usage);
        yield item;
      }
      if (done) return;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    reader.cancel().catch(() => {});
  }
}
