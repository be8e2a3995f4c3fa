// A stream call: its items read as the consumer pulls them, decoded from the response's bytes by a pure decoder.
// Written by hand rather than as an async generator, which costs a frame resume and a few promises per item: on a
// fast stream that was 5 to 8% of raw fetch's throughput (docs/design.md, "Streams").
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
export type Prepare = () => { out: Outgoing; settings: CallSettings };
export type StartDecoder<Item> = (response: Response, out: Outgoing, settings: CallSettings) => ItemDecoder<Item>;

/** Where a Stream's items come from: a stream call (the client's methods), or a generator (NDJSON read back). */
export type StreamSource<Item> = AsyncIterator<Item, void, undefined> & { return(): Promise<IteratorResult<Item, void>> };

const DONE: IteratorReturnResult<void> = Object.freeze({ value: undefined, done: true });

/**
 * Sends a call on the first `next()` and yields its stream's items. Nothing is read faster than the consumer pulls;
 * `return()` (leaving a loop early) cancels the body and releases the connection. As with a generator, a `next()` or
 * `return()` made while another is pending runs after it, and after the end or an error every `next()` is done.
 */
export function open<Item>(config: TransportConfig, prepare: Prepare, start: StartDecoder<Item>): StreamSource<Item> {
  let call: Call | undefined;
  let settings: CallSettings | undefined;
  let decoder: ItemDecoder<Item> | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** The decoder gave its last items (`finish()`). */
  let drained = false;
  let closed = false;
  /** Items decoded and not yet taken. */
  let batch: Item[] = [];
  let at = 0;
  // For the stream-end hook: the items the reader took and the bytes read.
  let items = 0;
  let bytes = 0;
  /** Calls under way (a pending one and those queued behind it), and the last of them. */
  let active = 0;
  let tail: Promise<unknown> | undefined;

  /** Runs `task` now, or after the calls under way; each task counts itself out (`active--`) when it settles. */
  const serial = (task: () => Promise<IteratorResult<Item, void>>) => {
    const run = active++ ? tail!.then(task, task) : task();
    tail = run;
    return run;
  };

  /** Once: drops what was not taken, releases the connection, and tells the stream-end hook. */
  const close = (ended: boolean) => {
    if (closed) return;
    closed = true;
    batch = [];
    reader?.cancel().catch(() => {});
    call?.end();
    settings?.hook?.('onStreamEnd', { items, bytes, usage: settings.usage?.() ?? null, abandoned: !ended });
  };

  // One async function per item (an item decoded is handed over at once; else the next chunk is read for it).
  const pull = async (): Promise<IteratorResult<Item, void>> => {
    try {
      for (;;) {
        if (call?.aborted && !closed) throw call.aborted;
        if (at < batch.length) {
          items++;
          return { value: batch[at++]!, done: false };
        }
        if (closed) return DONE;
        if (!decoder) {
          // The first read: the request prepared (a bad parameter rejects here), sent, and its decoder made.
          const prepared = prepare();
          settings = prepared.settings;
          call = new Call(config, prepared.out, settings);
          const { response } = await call.run(true);
          reader = response.body?.getReader();
          decoder = start(response, prepared.out, settings);
        }
        // The stream's error is raised once the items before it are taken.
        if (decoder.error) throw decoder.error;
        if (decoder.done || drained) {
          close(true);
          return DONE;
        }
        if (!reader) {
          drained = true;
          batch = decoder.finish();
          at = 0;
          continue;
        }
        call!.touch();
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (err) {
          throw call!.streamFailure(err);
        }
        if (next.done) reader = undefined;
        else {
          // The consumer holds what was read: the idle clock stops until it asks for more.
          call!.pause();
          bytes += next.value.length;
          batch = decoder.push(next.value);
          at = 0;
        }
      }
    } catch (error) {
      if (!closed) {
        settings?.hook?.('onError', { error });
        close(true);
      }
      throw error;
    } finally {
      active--;
    }
  };

  return {
    next: () => serial(pull),
    return: () =>
      serial(async () => {
        active--;
        close(false);
        return DONE;
      }),
  };
}
