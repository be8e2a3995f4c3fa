// A stream call's contract (src/core/stream-call.ts), whatever carries it (an async generator today; a hand-written
// iterator was measured, docs/design.md): overlapping calls run in order, return() waits for a pending next() and
// releases the connection, the end and an error are final, items decoded but not taken are dropped and not counted,
// an abort stops at once, and a bad parameter rejects the first read without sending.
import { describe, expect, it } from 'vitest';
import type { StreamEndEvent } from '../../src/core/hooks.js';
import { AbortError, Client, InvalidArgumentError, ProviderError } from '../../src/index.js';

const encoder = new TextEncoder();
const compat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
const frame = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** A response body the test writes to piece by piece; `cancelled` resolves when the client releases it. */
function body(contentType = 'text/plain') {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled!: () => void;
  const released = new Promise<void>((resolve) => {
    cancelled = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => cancelled(),
  });
  let fetches = 0;
  const fetch = async () => {
    fetches++;
    return new Response(stream, { headers: { 'content-type': contentType, 'x-request-id': 'req-1' } });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    released,
    fetches: () => fetches,
  };
}

function clientFor(b: ReturnType<typeof body>, ends: StreamEndEvent[] = []) {
  return new Client({ baseURL: 'http://127.0.0.1:1', fetch: b.fetch, hooks: { onStreamEnd: (e) => void ends.push(e) } });
}

describe('a stream call', () => {
  it('serves overlapping next() calls in order, each waiting for the one before', async () => {
    const b = body();
    const stream = clientFor(b).chatStream({ model: 'm', messages: 'hi' });
    const first = stream.next();
    const second = stream.next();
    b.write('one');
    await expect(first).resolves.toEqual({ value: 'one', done: false });
    b.write('two');
    await expect(second).resolves.toEqual({ value: 'two', done: false });
    b.end();
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect(b.fetches()).toBe(1);
  });

  it('runs a return() made while a next() is pending after it, then releases the connection', async () => {
    const b = body();
    const ends: StreamEndEvent[] = [];
    const stream = clientFor(b, ends).chatStream({ model: 'm', messages: 'hi' });
    const pending = stream.next();
    const leaving = stream.return();
    b.write('last');
    await expect(pending).resolves.toEqual({ value: 'last', done: false });
    await expect(leaving).resolves.toEqual({ value: undefined, done: true });
    await b.released;
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect(ends).toMatchObject([{ items: 1, abandoned: true }]);
  });

  it('drops the items decoded but not taken when left, and counts only those taken', async () => {
    const b = body('text/event-stream');
    const ends: StreamEndEvent[] = [];
    const stream = clientFor(b, ends).completionsStream(compat);
    b.write(frame('a') + frame('b') + frame('c'));
    const first = await stream.next();
    expect(first.value?.choices[0]?.delta.content).toBe('a');
    await stream.return();
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    await b.released;
    expect(ends).toMatchObject([{ items: 1, abandoned: true }]);
  });

  it('hands over the items of one chunk in order, then raises the error that came after them, once', async () => {
    const b = body();
    const ends: StreamEndEvent[] = [];
    const stream = clientFor(b, ends).chatStream({ model: 'm', messages: 'hi' });
    b.write('text');
    b.write('\n[error] OpenAI error 500: upstream');
    b.end();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const piece of stream) seen.push(piece);
      })(),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(seen.join('')).toBe('text');
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect(ends).toMatchObject([{ abandoned: false }]);
  });

  it('stops at once on abort(), even with decoded items not yet taken', async () => {
    const b = body('text/event-stream');
    const stream = clientFor(b).completionsStream(compat);
    b.write(frame('a') + frame('b') + frame('c'));
    await stream.next();
    stream.abort();
    await expect(stream.next()).rejects.toBeInstanceOf(AbortError);
    await b.released;
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('rejects the first next() for a bad parameter, without sending, and tells no hook', async () => {
    const b = body();
    const ends: StreamEndEvent[] = [];
    const stream = clientFor(b, ends).chatStream({ model: 'm', messages: 'hi' }, { timeout: -1 });
    await expect(stream.next()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(b.fetches()).toBe(0);
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect(ends).toEqual([]);
  });

  it('sends nothing when left before the first read', async () => {
    const b = body();
    const ends: StreamEndEvent[] = [];
    const stream = clientFor(b, ends).chatStream({ model: 'm', messages: 'hi' });
    await expect(stream.return()).resolves.toEqual({ value: undefined, done: true });
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect(b.fetches()).toBe(0);
    expect(ends).toEqual([]);
  });
});
