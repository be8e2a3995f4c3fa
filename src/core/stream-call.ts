// A stream call: its items read as the consumer pulls them, decoded from the response's bytes by a pure decoder, with
// the idle clock stopped while the consumer holds what was read (docs/design.md, "Streams", has the measurements).
import type { GatewayError } from '../errors/errors.js';
import type { Outgoing } from './request.js';
import { Call, type CallSettings, type TransportConfig } from './transport.js';

/** A pure transform from a stream's bytes to the items it yields. `done` ends reading early; `error` is raised after the items before it. */
export interface ItemDecoder<Item> {
  push(bytes: Uint8Array): Item[];
  finish(): Item[];
  done?: boolean;
  error?: GatewayError;
}

/** What a stream call needs: the request (prepared on the first read) and the decoder for its response. */
type Prepare = () => { out: Outgoing; settings: CallSettings };
type StartDecoder<Item> = (response: Response, out: Outgoing, settings: CallSettings) => ItemDecoder<Item>;

/** Where a Stream's items come from: a stream call (the client's methods), or NDJSON read back. */
export type StreamSource<Item> = AsyncIterator<Item, void, undefined> & { return(): Promise<IteratorResult<Item, void>> };

/**
 * Sends a call on the first `next()` and yields its stream's items. Nothing is read faster than the consumer pulls;
 * leaving early (break, return, throw) cancels the body and releases the connection.
 */
export async function* open<Item>(
  config: TransportConfig,
  prepare: Prepare,
  start: StartDecoder<Item>,
): AsyncGenerator<Item, void, undefined> {
  // Prepared on the first read, so a bad parameter rejects it (the method returned the stream at once).
  const { out, settings } = prepare();
  const call = new Call(config, out, settings);
  const { hook } = settings;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let drained = false;
  let ended = false;
  // For the stream-end hook: the items the reader took (counted as yielded) and the bytes read.
  let items = 0;
  let bytes = 0;
  try {
    const { response } = await call.run(true);
    reader = response.body?.getReader();
    const decoder = start(response, out, settings);
    while (!drained && !decoder.done && !decoder.error) {
      let batch: Item[];
      if (reader) {
        call.touch();
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (err) {
          throw call.streamFailure(err);
        }
        if (next.done) {
          reader = undefined;
          continue;
        }
        // The consumer holds what was read: the idle clock stops until it asks for more.
        call.pause();
        bytes += next.value.length;
        batch = decoder.push(next.value);
      } else {
        drained = true;
        batch = decoder.finish();
      }
      // A loop, not yield*: yield* over an array goes through an async-from-sync iterator, a cost per item.
      for (const item of batch) {
        // abort() stops at once, even with items decoded and not yet taken.
        if (call.aborted) throw call.aborted;
        items++;
        yield item;
      }
    }
    if (decoder.error) throw decoder.error;
    ended = true;
  } catch (error) {
    ended = true;
    hook?.('onError', { error });
    throw error;
  } finally {
    reader?.cancel().catch(() => {});
    call.end();
    hook?.('onStreamEnd', { items, bytes, usage: settings.usage?.() ?? null, abandoned: !ended });
  }
}
