// The Stream apps hold: abort, tee, NDJSON out (toReadableStream, toResponse) and back in (fromReadableStream,
// fromResponse) with the same typed errors, text(), finalCompletion(), usage and requestId; pulled, never pushed.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AbortError, type ChatCompletionChunk, Client, ProviderError, RateLimitError, Stream, type StreamChunk } from '../../src/index.js';
import { collect, hi, json, serverPerTest, sleep } from '../support/server.js';

const serve = serverPerTest();

/** A plain-text chat stream: `pieces`, written a few ms apart, then (optionally) the failure sentinel. */
function textStream(pieces: string[], fail?: string) {
  return async (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': 'req-s', 'x-llmgw-provider': 'openai' });
    for (const piece of pieces) {
      if (res.destroyed) return;
      res.write(piece);
      await sleep(3);
    }
    res.end(fail ? `\n[error] ${fail}` : undefined);
  };
}

/** A stream that writes until the client leaves; `closed` resolves when it does. */
function endless() {
  let resolve: () => void;
  const closed = new Promise<void>((r) => {
    resolve = r;
  });
  const handler = async (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.on('close', () => resolve());
    for (let i = 0; !res.destroyed && i < 10_000; i++) {
      res.write(`piece ${i} `);
      await sleep(5);
    }
  };
  return { handler, closed };
}

const chunk = (content: string | undefined, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: content === undefined ? [] : [{ index: 0, delta: { content }, finish_reason: null }],
  ...extra,
});
function sse(frames: unknown[], done = true) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'chatcmpl-1' });
    res.end(`${frames.map((f) => `data: ${JSON.stringify(f)}\n\n`).join('')}${done ? 'data: [DONE]\n\n' : ''}`);
  };
}
const compat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('Stream', () => {
  it('is what both stream methods return, at once, before any request', async () => {
    const server = await serve(textStream(['a']));
    const client = new Client({ baseURL: server.url });
    const stream = client.chatStream(hi);
    expect(stream).toBeInstanceOf(Stream);
    expect(client.completionsStream(compat)).toBeInstanceOf(Stream);
    expect(server.requests).toHaveLength(0);
    expect(stream.requestId).toBeNull();
    expect(await stream.text()).toBe('a');
    expect(stream.requestId).toBe('req-s');
    expect(stream.meta?.provider).toBe('openai');
  });

  describe('abort()', () => {
    it('while a read is pending: the loop ends with AbortError and the upstream request is cancelled', async () => {
      const { handler, closed } = endless();
      const server = await serve(handler);
      const stream = new Client({ baseURL: server.url }).chatStream(hi);
      const items: string[] = [];
      const loop = (async () => {
        for await (const piece of stream) items.push(piece);
      })();
      while (items.length < 2) await sleep(2);
      stream.abort();
      await expect(loop).rejects.toBeInstanceOf(AbortError);
      await closed;
    });

    it('between items: the next read ends with AbortError', async () => {
      const { handler, closed } = endless();
      const server = await serve(handler);
      const stream = new Client({ baseURL: server.url }).chatStream(hi);
      await stream.next();
      stream.abort(new Error('user left'));
      const err = await stream.next().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect((err as AbortError).cause).toEqual(new Error('user left'));
      await closed;
    });

    it('before the first read: AbortError, and no request at all', async () => {
      const server = await serve(textStream(['a']));
      const stream = new Client({ baseURL: server.url }).chatStream(hi);
      stream.abort();
      expect((await collect(stream)).error).toBeInstanceOf(AbortError);
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('tee()', () => {
    it('gives both readers every item, and the same typed error', async () => {
      const server = await serve(textStream(['Hel', 'lo'], 'OpenAI error 500: boom'));
      const [a, b] = new Client({ baseURL: server.url }).chatStream(hi).tee();
      const [ra, rb] = await Promise.all([collect(a), collect(b)]);
      expect(ra.items.join('')).toBe('Hello');
      expect(rb.items.join('')).toBe('Hello');
      for (const { error } of [ra, rb])
        expect(error).toMatchObject({ name: 'ProviderError', statusCode: 502, detail: 'OpenAI error 500: boom', requestId: 'req-s' });
      expect(ra.error).toBeInstanceOf(ProviderError);
      expect(server.requests).toHaveLength(1);
      expect(a.requestId).toBe('req-s');
    });

    it('one reader may leave early; the other reads on; the upstream is released when both have left', async () => {
      const { handler, closed } = endless();
      const server = await serve(handler);
      const [a, b] = new Client({ baseURL: server.url }).chatStream(hi).tee();
      for await (const _ of a) break;
      let read = 0;
      for await (const _ of b) if (++read === 5) break;
      expect(read).toBe(5);
      await closed;
    });
  });

  describe('toReadableStream() and toResponse()', () => {
    it('newline-delimited JSON items, and a failure as a last line with the error’s class, status, detail and request id', async () => {
      const server = await serve(textStream(['Hel', 'lo'], 'OpenAI error 500: boom'));
      const body = await new Response(new Client({ baseURL: server.url }).chatStream(hi).toReadableStream()).text();
      const lines = body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.slice(0, -1).join('')).toBe('Hello');
      expect(lines.at(-1).error).toMatchObject({
        name: 'ProviderError',
        statusCode: 502,
        detail: 'OpenAI error 500: boom',
        requestId: 'req-s',
      });
    });

    it('toResponse(): application/x-ndjson, with the init given', async () => {
      const server = await serve(textStream(['a']));
      const response = new Client({ baseURL: server.url }).chatStream(hi).toResponse({ status: 201, headers: { 'x-app': '1' } });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson');
      expect(response.headers.get('x-app')).toBe('1');
      expect(await response.text()).toBe('"a"\n');
    });

    it('cancelling it (a reader that leaves) cancels the upstream request at once', async () => {
      const { handler, closed } = endless();
      const server = await serve(handler);
      const reader = new Client({ baseURL: server.url }).chatStream(hi).toReadableStream().getReader();
      await reader.read();
      await reader.cancel('gone');
      await closed;
    });
  });

  describe('Stream.fromReadableStream() and Stream.fromResponse()', () => {
    it('yield the same items and re-raise the same typed error class with its fields', async () => {
      const server = await serve(textStream(['Hel', 'lo'], 'OpenAI error 500: boom'));
      const { items, error } = await collect(Stream.fromResponse<string>(new Client({ baseURL: server.url }).chatStream(hi).toResponse()));
      expect(items.join('')).toBe('Hello');
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ statusCode: 502, detail: 'OpenAI error 500: boom', requestId: 'req-s' });
      expect((error as Error).message).toBe('POST /v1/chat: 502 OpenAI error 500: boom (request req-s)');
    });

    it('an error before the first item too (a 429 with its retryAfter)', async () => {
      const server = await serve((_req, res) =>
        json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '7', 'x-request-id': 'r429' }),
      );
      const stream = new Client({ baseURL: server.url, retries: 0 }).chatStream(hi, { asChunks: true });
      const { items, error } = await collect(Stream.fromReadableStream<StreamChunk>(stream.toReadableStream()));
      expect(items).toEqual([]);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ statusCode: 429, retryAfter: 7, requestId: 'r429', detail: 'Rate limit exceeded' });
    });

    it('items split anywhere, multi-byte characters included, come out whole', async () => {
      const text = '"Olá, 世界 👋"\n{"text":"x","requestId":null}\n';
      const bytes = new TextEncoder().encode(text);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.subarray(i, i + 3));
          controller.close();
        },
      });
      expect((await collect(Stream.fromReadableStream(body))).items).toEqual(['Olá, 世界 👋', { text: 'x', requestId: null }]);
    });

    it('a response that is not ok raises its typed error; a line that is not JSON is ResponseValidationError', async () => {
      const notOk = new Response(JSON.stringify({ detail: 'Invalid API key' }), { status: 401, headers: { 'x-request-id': 'r1' } });
      expect((await collect(Stream.fromResponse(notOk))).error).toMatchObject({ name: 'AuthError', statusCode: 401, requestId: 'r1' });
      const garbled = new Response('"a"\nnot json\n');
      const { items, error } = await collect(Stream.fromResponse(garbled));
      expect(items).toEqual(['a']);
      expect(error).toMatchObject({ name: 'ResponseValidationError' });
    });

    it('abort(), with a read pending or before the first: AbortError at once, and the body is cancelled', async () => {
      for (const early of [false, true]) {
        let cancelled = false;
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(new TextEncoder().encode('"a"\n"b"\n')),
          cancel: () => {
            cancelled = true;
          },
        });
        const stream = Stream.fromReadableStream<string>(body);
        if (early) stream.abort('went away');
        else {
          expect(await stream.next()).toEqual({ value: 'a', done: false });
          expect(await stream.next()).toEqual({ value: 'b', done: false });
          setTimeout(() => stream.abort('went away'), 5); // the next read waits on a body that sends no more
        }
        const error = await stream.next().catch((err: unknown) => err);
        expect(error).toBeInstanceOf(AbortError);
        expect((error as AbortError).cause).toBe('went away');
        expect(cancelled).toBe(true);
      }
    });
  });

  describe('text(), finalCompletion(), usage', () => {
    it('text() is the whole text, and rejects as iteration would', async () => {
      const server = await serve(textStream(['Hel', 'lo']));
      expect(await new Client({ baseURL: server.url }).chatStream(hi, { asChunks: true }).text()).toBe('Hello');
      const failing = await serve(textStream(['x'], 'OpenAI error 500: boom'));
      await expect(new Client({ baseURL: failing.url }).chatStream(hi).text()).rejects.toBeInstanceOf(ProviderError);
    });

    it('completionsStream() asks for usage, and the stream reports it once it has come', async () => {
      const usage = { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 };
      const server = await serve(sse([chunk('Bon'), chunk('jour'), chunk(undefined, { usage })]));
      const stream = new Client({ baseURL: server.url }).completionsStream(compat);
      expect(stream.usage).toBeNull();
      await collect(stream);
      expect(stream.usage).toEqual(usage);
      expect(JSON.parse(server.requests[0]!.body).stream_options).toEqual({ include_usage: true });
    });

    it('usage is null when none came; a caller who says include_usage: false is obeyed', async () => {
      const server = await serve(sse([chunk('x')]));
      const stream = new Client({ baseURL: server.url }).completionsStream({ ...compat, stream_options: { include_usage: false } });
      await collect(stream);
      expect(stream.usage).toBeNull();
      expect(JSON.parse(server.requests[0]!.body).stream_options).toEqual({ include_usage: false });
    });

    it('finalCompletion() assembles content, role, finish reason, usage and tool-call deltas by index', async () => {
      const usage = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };
      const frames = [
        { ...chunk(''), choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] },
        chunk('Hel'),
        chunk('lo'),
        {
          ...chunk(''),
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] },
              finish_reason: null,
            },
          ],
        },
        {
          ...chunk(''),
          choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, finish_reason: 'stop' }],
        },
        chunk(undefined, { usage }),
      ];
      const server = await serve(sse(frames));
      const completion = await new Client({ baseURL: server.url }).completionsStream(compat).finalCompletion();
      expect(completion).toEqual({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Hello',
              tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
            },
            finish_reason: 'stop',
          },
        ],
        usage,
      });
    });

    it('the compat stream’s in-band failure rejects finalCompletion()', async () => {
      const server = await serve(sse([chunk('x'), { error: { message: 'OpenAI error 500: boom', type: 'provider_error' } }]));
      await expect(new Client({ baseURL: server.url }).completionsStream(compat).finalCompletion()).rejects.toMatchObject({
        name: 'ProviderError',
        detail: 'OpenAI error 500: boom',
      });
    });

    it('types: text() belongs to chat streams, finalCompletion() to compat streams', () => {
      const client = new Client({ baseURL: 'http://127.0.0.1:9' });
      const never = () => {
        // @ts-expect-error a compat stream has no text(): its chunks are objects
        client.completionsStream(compat).text();
        // @ts-expect-error a chat stream has no finalCompletion()
        client.chatStream(hi).finalCompletion();
        const chunks: Stream<ChatCompletionChunk> = client.completionsStream(compat);
        return chunks;
      };
      expect(never).toBeTypeOf('function');
    });
  });

  it('is pulled, never pushed: a consumer that stops reading keeps memory bounded while the server keeps writing', async () => {
    let written = 0;
    let stalled = false;
    const piece = Buffer.alloc(64 * 1024, 'x');
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      while (!res.destroyed && written < 512 * 2 ** 20) {
        if (!res.write(piece)) {
          stalled = true;
          await new Promise((r) => res.once('drain', r));
        }
        written += piece.length;
      }
    });
    const stream = new Client({ baseURL: server.url }).chatStream(hi);
    await stream.next();
    await sleep(500);
    // The server wrote what the socket buffers and the client's stream queue hold, and then had to wait.
    expect(stalled).toBe(true);
    expect(written).toBeLessThan(16 * 2 ** 20);
    await stream.return();
  });
});

describe('tee() branches are independent, share their items, and a stream is read once', () => {
  it('aborting one branch leaves the other reading to the end; the upstream goes when both have left', async () => {
    const server = await serve(textStream(['one ', 'two ', 'three ', 'four']));
    const [a, b] = new Client({ baseURL: server.url }).chatStream(hi).tee();
    expect(await a.next()).toEqual({ value: 'one ', done: false });
    a.abort();
    await expect(a.next()).rejects.toBeInstanceOf(AbortError);
    expect(await b.text()).toBe('one two three four');
  });

  it('an aborted branch stops at once, even while the upstream is idle; the other still gets what comes', async () => {
    const { handler, closed } = endless();
    const server = await serve(handler);
    const [a, b] = new Client({ baseURL: server.url }).chatStream(hi).tee();
    const pending = a.next().then(() => a.next());
    a.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect((await b.next()).done).toBe(false);
    await b.return();
    await closed; // both left: the connection is released
  });

  it('a branch aborted before its first read ends with AbortError; the other reads every item', async () => {
    const server = await serve(textStream(['one ', 'two']));
    const [a, b] = new Client({ baseURL: server.url }).chatStream(hi).tee();
    a.abort();
    await expect(a.next()).rejects.toBeInstanceOf(AbortError);
    expect(await b.text()).toBe('one two');
  });

  it('both branches get the same chunk objects, parsed once', async () => {
    const server = await serve(sse([chunk('Hel'), chunk('lo')]));
    const [a, b] = new Client({ baseURL: server.url }).completionsStream(compat).tee();
    const [{ items: fromA }, { items: fromB }] = await Promise.all([collect(a), collect(b)]);
    expect(fromA).toHaveLength(2);
    expect(fromA[0]).toBe(fromB[0]);
    expect(fromA[1]).toBe(fromB[1]);
  });

  it('a second reader of a stream gets an error that points to tee(); so does tee() after a read', async () => {
    const server = await serve(textStream(['a', 'b']));
    const client = new Client({ baseURL: server.url });
    const stream = client.chatStream(hi);
    expect(await stream.text()).toBe('ab');
    await expect(stream.text()).rejects.toThrow(/stream already read: tee\(\) it first for two readers/);
    expect(() => stream.tee()).toThrow(/tee\(\) it first/);
    const branches = client.chatStream(hi).tee();
    expect(await branches[0].text()).toBe('ab');
    expect(() => branches[0][Symbol.asyncIterator]()).toThrow(/stream already read/);
    await branches[1].return();
  });
});
