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
const RESOLVED: Promise<typeof DONE> = Promise.resolve(DONE);

/**
 * Sends a call on the first `next()` and yields its stream's items. Nothing is read faster than the consumer pulls;
 * leaving early (`return()`: break, throw) cancels the body and releases the connection. Written by hand rather than
 * as an async generator: a generator's `yield` awaits each item, one more turn of the event loop for every frame of
 * an LLM's stream; and as a class, its state in fields and its steps on the prototype, rather than closures over
 * locals (docs/design.md, "Streams"). Calls overlapping in time run in order, as a generator's would.
 */
export function open<Item>(config: TransportConfig, prepare: Prepare, start: StartDecoder<Item>): StreamSource<Item> {
  return new StreamCall(config, prepare, start);
}

class StreamCall<Item> {
  #config: TransportConfig;
  // Let go once used: what they hold (the request's parameters) is not kept for the stream's life.
  #prepare: Prepare | undefined;
  #start: StartDecoder<Item> | undefined;
  #call: Call | undefined;
  #settings: CallSettings | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #decoder: ItemDecoder<Item> | undefined;
  // The items of the last read (one array for the stream's life) and how many were taken.
  #batch: Item[] = [];
  #taken = 0;
  #finished = false;
  // For the stream-end hook: the items taken and the bytes read.
  #items = 0;
  #bytes = 0;
  // Calls in flight: a call made meanwhile waits for the last one.
  #running = false;
  #queued = 0;
  #last: Promise<IteratorResult<Item, void>> = RESOLVED;
  // Aborted before the call was made: it starts aborted (and its first read raises the reason).
  #aborted: AbortError | undefined;

  constructor(config: TransportConfig, prepare: Prepare, start: StartDecoder<Item>) {
    this.#config = config;
    this.#prepare = prepare;
    this.#start = start;
  }

  next(): Promise<IteratorResult<Item, void>> {
    return this.#order(false);
  }

  return(): Promise<IteratorResult<Item, void>> {
    return this.#order(true);
  }

  abort(reason: AbortError): void {
    this.#aborted = reason;
    this.#call?.abort(reason);
  }

  /** Runs a step now, or after the steps in flight. */
  #order(leave: boolean): Promise<IteratorResult<Item, void>> {
    if (!this.#running && !this.#queued) {
      const step = leave ? this.#leave() : this.#step();
      // Kept only while it runs, for a call made meanwhile: a settled step would hold the item it gave.
      if (this.#running) this.#last = step;
      return step;
    }
    this.#queued++;
    const then = () => {
      this.#queued--;
      return leave ? this.#leave() : this.#step();
    };
    this.#last = this.#last.then(then, then);
    return this.#last;
  }

  async #leave(): Promise<IteratorResult<Item, void>> {
    if (!this.#finished) this.#end(true);
    return DONE;
  }

  /** Ends the stream once: releases the connection and tells the hook. */
  #end(abandoned: boolean): void {
    this.#finished = true;
    if (!this.#call) return;
    this.#reader?.cancel().catch(() => {});
    this.#call.end();
    const settings = this.#settings!;
    settings.hook?.('onStreamEnd', { items: this.#items, bytes: this.#bytes, usage: settings.sink?.usage() ?? null, abandoned });
  }

  async #step(): Promise<IteratorResult<Item, void>> {
    if (this.#finished) return DONE;
    this.#running = true;
    try {
      let call = this.#call;
      if (!call) {
        // Prepared on the first read, so a bad parameter rejects it (the method returned the stream at once).
        const { out, settings } = this.#prepare!();
        this.#prepare = undefined;
        this.#settings = settings;
        this.#call = call = new Call(this.#config, out, settings);
        if (this.#aborted) call.abort(this.#aborted);
        const { response } = await call.run(true);
        this.#reader = response.body?.getReader();
        this.#decoder = this.#start!(response, out, settings);
        this.#start = undefined;
      }
      const batch = this.#batch;
      const decoder = this.#decoder!;
      for (;;) {
        if (this.#taken < batch.length) {
          // abort() stops at once, even with items decoded and not yet taken.
          if (call.aborted) throw call.aborted;
          this.#items++;
          const value = batch[this.#taken++]!;
          // Taken all: the batch lets go of them (an idle stream holds no chunk the consumer is done with). Emptied
          // by pops: setting `length` is a call into the runtime, ten times slower for the usual one or two items.
          if (this.#taken === batch.length) {
            while (batch.length) batch.pop();
            this.#taken = 0;
          }
          return { value, done: false };
        }
        if (decoder.error) throw decoder.error;
        const reader = this.#reader;
        if (decoder.done || !reader) {
          this.#end(false);
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
          this.#reader = undefined;
          decoder.finish(batch);
        } else {
          // The consumer holds what was read: the idle clock stops until it asks for more.
          call.pause();
          this.#bytes += next.value.length;
          decoder.push(next.value, batch);
        }
      }
    } catch (error) {
      this.#settings?.hook?.('onError', { error });
      this.#end(false);
      throw error;
    } finally {
      this.#running = false;
      if (!this.#queued) this.#last = RESOLVED;
    }
  }
}
