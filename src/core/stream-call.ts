// A stream call: its items read as the consumer pulls them, decoded from the response's bytes by a pure decoder, with
// the idle clock stopped while the consumer holds what was read (docs/design.md, "Streams", has the measurements).
import type { AbortError, GatewayError } from '../errors/errors.js';
import type { Outgoing } from './request.js';
import { Call, type CallSettings, type TransportConfig } from './transport.js';

/**
 * A pure transform from a stream's bytes to the items it yields, appended to the caller's array (one for the stream's
 * life: nothing allocated per read). `done` ends reading early; `error` is raised after the items before it.
 */
export interface ItemDecoder<Item> {
  push(bytes: Uint8Array, out: Item[]): void;
  finish(out: Item[]): void;
  done?: boolean;
  error?: GatewayError;
}

/** What a stream call needs: the request (prepared on the first read) and the decoder for its response. */
type Prepare = () => { out: Outgoing; settings: CallSettings };
type StartDecoder<Item> = (response: Response, out: Outgoing, settings: CallSettings) => ItemDecoder<Item>;

/**
 * Where a Stream's items come from: a stream call (the client's methods), or NDJSON read back. `abort` stops it at
 * once; a source without one is stopped through its sink's signal.
 */
export type StreamSource<Item> = AsyncIterator<Item, void, undefined> & {
  return(): Promise<IteratorResult<Item, void>>;
  abort?(reason: AbortError): void;
};

const DONE = { value: undefined, done: true } as const;

/**
 * Sends a call on the first `next()` and yields its stream's items. Nothing is read faster than the consumer pulls;
 * leaving early (`return()`: break, throw) cancels the body and releases the connection. Written by hand rather than
 * as an async generator: a generator's `yield` awaits each item, one more turn of the event loop for every frame of
 * an LLM's stream (docs/design.md, "Streams"). Calls overlapping in time run in order, as a generator's would.
 */
export function open<Item>(config: TransportConfig, prepare: Prepare, start: StartDecoder<Item>): StreamSource<Item> {
  let call: Call | undefined;
  let settings: CallSettings | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let decoder: ItemDecoder<Item> | undefined;
  // The items of the last read (one array for the stream's life) and how many were taken.
  const batch: Item[] = [];
  let taken = 0;
  let finished = false;
  // For the stream-end hook: the items taken and the bytes read.
  let items = 0;
  let bytes = 0;
  // Calls in flight: a call made meanwhile waits for the last one.
  let running = false;
  let queued = 0;
  let last: Promise<IteratorResult<Item, void>> = Promise.resolve(DONE);
  // Aborted before the call was made: it starts aborted (and its first read raises the reason).
  let aborted: AbortError | undefined;

  /** Ends the stream once: releases the connection and tells the hook. */
  function end(abandoned: boolean) {
    finished = true;
    if (!call) return;
    reader?.cancel().catch(() => {});
    call.end();
    settings!.hook?.('onStreamEnd', { items, bytes, usage: settings!.usage?.() ?? null, abandoned });
  }

  async function step(): Promise<IteratorResult<Item, void>> {
    if (finished) return DONE;
    running = true;
    try {
      if (!call) {
        // Prepared on the first read, so a bad parameter rejects it (the method returned the stream at once).
        const prepared = prepare();
        settings = prepared.settings;
        call = new Call(config, prepared.out, settings);
        if (aborted) call.abort(aborted);
        const { response } = await call.run(true);
        reader = response.body?.getReader();
        decoder = start(response, prepared.out, settings);
      }
      for (;;) {
        if (taken < batch.length) {
          // abort() stops at once, even with items decoded and not yet taken.
          if (call.aborted) throw call.aborted;
          items++;
          const value = batch[taken++]!;
          // Taken all: the batch lets go of them (an idle stream holds no chunk the consumer is done with).
          if (taken === batch.length) batch.length = taken = 0;
          return { value, done: false };
        }
        batch.length = taken = 0;
        if (decoder!.error) throw decoder!.error;
        if (decoder!.done || !reader) {
          end(false);
          return DONE;
        }
        call.touch();
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (err) {
          throw call.streamFailure(err);
        }
        if (next.done) {
          reader = undefined;
          decoder!.finish(batch);
        } else {
          // The consumer holds what was read: the idle clock stops until it asks for more.
          call.pause();
          bytes += next.value.length;
          decoder!.push(next.value, batch);
        }
      }
    } catch (error) {
      settings?.hook?.('onError', { error });
      end(false);
      throw error;
    } finally {
      running = false;
    }
  }

  const leave = async (): Promise<IteratorResult<Item, void>> => {
    if (!finished) end(true);
    return DONE;
  };
  const order = (run: () => Promise<IteratorResult<Item, void>>) => {
    if (!running && !queued) last = run();
    else {
      queued++;
      const then = () => {
        queued--;
        return run();
      };
      last = last.then(then, then);
    }
    return last;
  };
  return {
    next: () => order(step),
    return: () => order(leave),
    abort(reason) {
      aborted = reason;
      call?.abort(reason);
    },
  };
}
