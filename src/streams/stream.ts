// The stream apps hold: async-iterable, abortable, teeable, and convertible to and from newline-delimited JSON (a
// ReadableStream or a Response) to pass on to a browser, which gets the same items and the same typed errors.

import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from '../../generated/types.js';
import { type ResponseMeta, responseMeta } from '../core/meta.js';
import type { StreamSource } from '../core/stream-call.js';
import { classify } from '../errors/classify.js';
import { AbortError, GatewayError } from '../errors/errors.js';
import { assemble } from './assemble.js';
import type { StreamChunk } from './items.js';
import { errorFields, ndjsonItems, parseLine } from './ndjson.js';

/** What a stream's source gets from its Stream, and reports to it. */
export interface StreamSink {
  /** Aborted when the stream is, for a source without an `abort` of its own (made on first use). */
  readonly signal: AbortSignal;
  /** Told the response once the gateway has answered, for `meta` and `requestId`. */
  response(response: Response): void;
  /** Notes a usage chunk's usage, for `usage`. */
  note(usage: CompletionUsage): void;
  /** The usage noted so far, else null: for the stream-end hook. */
  usage(): CompletionUsage | null;
}

/**
 * A stream of items (text pieces, or chunk objects): iterate it once with `for await`; leaving the loop early
 * releases the connection. `meta` and `requestId` are set once the gateway has answered.
 *
 * @example
 * ```ts
 * const stream = client.chatStream({ model: 'gpt-4o-mini', messages: 'Tell me a story' });
 * setTimeout(() => stream.abort(), 5_000); // the loop then ends with AbortError
 * for await (const piece of stream) process.stdout.write(piece);
 * ```
 */
export class Stream<Item> implements AsyncIterableIterator<Item> {
  /** Made only for a source that reads `signal`: a client's stream call is aborted directly (an idle stream's heap). */
  #controller: AbortController | undefined;
  #iterator: StreamSource<Item>;
  #response: Response | undefined;
  #meta: ResponseMeta | undefined;
  #usage: CompletionUsage | null = null;
  #parent: Stream<Item> | undefined;
  /** Read already (by `for await`, `tee()` or `toReadableStream()`): a stream is read once. */
  #claimed = false;

  /** A source's sink: one small object with its methods on the prototype, no closures (an idle stream's heap). */
  static #Sink = class implements StreamSink {
    #stream: Stream<unknown>;
    constructor(stream: Stream<unknown>) {
      this.#stream = stream;
    }
    get signal(): AbortSignal {
      this.#stream.#controller ??= new AbortController();
      return this.#stream.#controller.signal;
    }
    response(response: Response): void {
      this.#stream.#response = response;
    }
    note(usage: CompletionUsage): void {
      this.#stream.#usage = usage;
    }
    usage(): CompletionUsage | null {
      return this.#stream.#usage;
    }
  };

  /** Apps get streams from the client's stream methods, from `tee()` and from `Stream.fromResponse()`. */
  constructor(source: (sink: StreamSink) => StreamSource<Item>, parent?: Stream<Item>) {
    this.#parent = parent;
    this.#iterator = source(new Stream.#Sink(this));
  }

  /** The response's metadata (request id, provider, rate limit, budget), once the gateway has answered. */
  get meta(): ResponseMeta | undefined {
    if (this.#parent) return this.#parent.meta;
    if (!this.#meta && this.#response) this.#meta = responseMeta(this.#response);
    return this.#meta;
  }

  /** The response's `x-request-id` once the gateway has answered, else null. */
  get requestId(): string | null {
    return this.meta?.requestId ?? null;
  }

  /** The usage chunk's value (`completionsStream()`, which asks for it), once it came; null when none came. */
  get usage(): CompletionUsage | null {
    return this.#parent ? this.#parent.usage : this.#usage;
  }

  /**
   * Stops now: the upstream request is cancelled and a loop over the stream (or a read pending) ends with AbortError.
   * @example
   * ```ts
   * request.signal.addEventListener('abort', () => stream.abort()); // the browser went away
   * ```
   */
  abort(reason?: unknown): void {
    // A tee branch's abort ends that branch alone; the upstream goes when both branches have left.
    const error = reason instanceof AbortError ? reason : new AbortError('the stream was aborted', { cause: reason });
    if (this.#iterator.abort) this.#iterator.abort(error);
    else {
      this.#controller ??= new AbortController();
      this.#controller.abort(error);
    }
  }

  /**
   * Two readers of the one upstream, each getting every item (the same objects, read once); each branch can be aborted
   * or left on its own, and the upstream is released when both have left. Call it before reading: a stream is read once.
   * @example
   * ```ts
   * const [forUser, forLog] = client.chatStream(params).tee();
   * void forLog.text().then((text) => audit.save(text));
   * return forUser.toResponse();
   * ```
   */
  tee(): [Stream<Item>, Stream<Item>] {
    this.#claim();
    // Each read of this stream is one promise, queued for each branch still reading: the same items, read once.
    const queues: Array<Array<Promise<IteratorResult<Item, void>>> | undefined> = [[], []];
    const upstream = this;
    const branch = (i: 0 | 1) =>
      new Stream<Item>(async function* (sink) {
        const { signal } = sink;
        const aborted = new Promise<never>((_, reject) => {
          const stop = () => reject(signal.reason);
          if (signal.aborted) stop();
          else signal.addEventListener('abort', stop);
        });
        try {
          for (;;) {
            if (!queues[i]!.length) {
              const read = upstream.next();
              read.catch(() => {});
              for (const queue of queues) queue?.push(read);
            }
            const next = await Promise.race([queues[i]!.shift()!, aborted]);
            if (next.done) return;
            yield next.value;
          }
        } finally {
          queues[i] = undefined;
          if (!queues[1 - i]) await upstream.return();
        }
      }, this);
    return [branch(0), branch(1)];
  }

  /**
   * The items as newline-delimited JSON, pulled only as the reader reads; a failure becomes a last line
   * `{"error":{"name","statusCode","detail","requestId",...}}`. Cancelling it cancels the upstream request.
   * @example
   * ```ts
   * const body = client.chatStream(params).toReadableStream(); // for a framework that takes a ReadableStream
   * ```
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    this.#claim();
    const encoder = new TextEncoder();
    const line = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            const { done, value } = await this.next();
            if (done) controller.close();
            else controller.enqueue(line(value));
          } catch (err) {
            controller.enqueue(line({ error: errorFields(err) }));
            controller.close();
          }
        },
        cancel: (reason) => this.abort(reason),
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * A `Response` over {@link toReadableStream}, `content-type: application/x-ndjson`, for route handlers.
   * @example
   * ```ts
   * export async function POST(request: Request) {
   *   const { prompt } = await request.json();
   *   const stream = client.chatStream({ model: 'gpt-4o-mini', messages: prompt });
   *   request.signal.addEventListener('abort', () => stream.abort());
   *   return stream.toResponse();
   * }
   * ```
   */
  toResponse(init?: ResponseInit): Response {
    const headers = new Headers(init?.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-ndjson');
    return new Response(this.toReadableStream(), { ...init, headers });
  }

  /**
   * The other side of {@link toReadableStream}: the same items, and the same typed error class with its
   * `statusCode`, `detail` and `requestId`.
   * @example
   * ```ts
   * const stream = Stream.fromReadableStream<string>(response.body!);
   * ```
   */
  static fromReadableStream<Item = unknown>(body: ReadableStream<Uint8Array>, parent?: Stream<Item>): Stream<Item> {
    return new Stream<Item>((sink) => ndjsonItems<Item>(body, sink), parent);
  }

  /**
   * {@link fromReadableStream} over a response's body; a response that is not ok raises its typed error.
   * @example
   * ```ts
   * const response = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ prompt }) });
   * for await (const piece of Stream.fromResponse<string>(response)) output.append(piece);
   * ```
   */
  static fromResponse<Item = unknown>(response: Response): Stream<Item> {
    return new Stream<Item>(async function* (sink) {
      sink.response(response);
      if (!response.ok || !response.body) {
        const text = await response.text();
        throw classify({ status: response.status, headers: response.headers, body: parseLine(text, text) });
      }
      yield* ndjsonItems<Item>(response.body, sink);
    });
  }

  /**
   * The whole text of a `chatStream()`; rejects as iterating would.
   * @example
   * ```ts
   * const text = await client.chatStream({ model: 'gpt-4o-mini', messages: 'hi' }).text();
   * ```
   */
  async text(this: Stream<string | StreamChunk>): Promise<string> {
    let text = '';
    for await (const piece of this) text += typeof piece === 'string' ? piece : piece.text;
    return text;
  }

  /**
   * One `ChatCompletion` assembled from a `completionsStream()`'s chunks: content, role, finish reason, usage, and
   * tool-call deltas joined by index. Rejects as iterating would.
   * @example
   * ```ts
   * const completion = await client.completionsStream(body).finalCompletion();
   * ```
   */
  finalCompletion(this: Stream<ChatCompletionChunk>): Promise<ChatCompletion> {
    return assemble(this);
  }

  /**
   * The next item; `for await` calls it.
   * @example
   * ```ts
   * const first = await stream.next(); // { value, done }
   * ```
   */
  next(): Promise<IteratorResult<Item, void>> {
    // The source's own step, unwrapped: a stream's hot path (sources count items and note usage themselves).
    return this.#iterator.next();
  }

  /**
   * Stops reading and releases the connection; leaving a `for await` loop early calls it.
   * @example
   * ```ts
   * await stream.return();
   * ```
   */
  return(): Promise<IteratorResult<Item, void>> {
    return this.#iterator.return();
  }

  /**
   * A stream is its own iterator: read it once. A second reader gets a GatewayError that points to `tee()`.
   * @example
   * ```ts
   * for await (const piece of stream) console.log(piece);
   * ```
   */
  [Symbol.asyncIterator](): this {
    this.#claim();
    return this;
  }

  /** Marks the stream as read; a second reader gets an error that says how to have two. */
  #claim(): void {
    if (this.#claimed) throw new GatewayError('stream already read: tee() it first for two readers');
    this.#claimed = true;
  }
}
