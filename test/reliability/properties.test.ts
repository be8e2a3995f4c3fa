// Property tests: hundreds of runs per property here; FC_RUNS=10000 npm test runs more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/core/retry-after.js';
import { classify, errorClassName } from '../../src/errors/classify.js';
import { APIError, InvalidArgumentError } from '../../src/errors/errors.js';
import { normalizeMessages } from '../../src/messages.js';
import { createSseDecoder } from '../../src/streams/sse.js';
import { createTextStreamDecoder, STREAM_ERROR_SENTINEL } from '../../src/streams/text.js';
import { createUtf8Decoder } from '../../src/streams/utf8.js';
import { recordingClient } from '../support/server.js';

const numRuns = Math.max(200, Number(process.env.FC_RUNS) || 300);
const utf8 = new TextEncoder();

/** Splits bytes at the given cut points (any positions, duplicates allowed: empty chunks happen on the wire). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

// Text built from pieces that collide with the sentinel and with UTF-8 boundaries.
const piece = fc.oneof(
  fc.string(),
  fc.constantFrom('\n', '[error]', '[error] ', '\n[error]', '\n[err', 'ror] ', ' ', 'é', '世界', '👋', '\r\n', 'data: x'),
  fc.string({ unit: 'grapheme' }),
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
const cuts = fc.array(fc.nat(), { maxLength: 20 });

describe('stream decoding', () => {
  it('yields exactly the text before the first sentinel and reports exactly what follows it, for any split', () => {
    fc.assert(
      fc.property(text, cuts, (body, points) => {
        const at = body.indexOf(STREAM_ERROR_SENTINEL);
        const decoder = createTextStreamDecoder();
        let yielded = '';
        for (const chunk of split(utf8.encode(body), points)) {
          const out = decoder.push(chunk);
          expect(out.includes(STREAM_ERROR_SENTINEL)).toBe(false);
          yielded += out;
        }
        const end = decoder.finish();
        yielded += end.text;
        if (at < 0) {
          expect(yielded).toBe(body);
          expect(end.error).toBeNull();
        } else {
          expect(yielded).toBe(body.slice(0, at));
          expect(end.error).toBe(body.slice(at + STREAM_ERROR_SENTINEL.length));
        }
      }),
      { numRuns },
    );
  });

  it('never yields more than arrived: what it holds back is at most a sentinel prefix', () => {
    fc.assert(
      fc.property(text, cuts, (body, points) => {
        const decoder = createTextStreamDecoder();
        const bytes = utf8.encode(body);
        let yielded = '';
        let seen = 0;
        for (const chunk of split(bytes, points)) {
          seen += chunk.length;
          yielded += decoder.push(chunk);
          const arrived = new TextDecoder().decode(bytes.subarray(0, seen));
          expect(arrived.startsWith(yielded.replace(/\uFFFD$/, ''))).toBe(true);
        }
      }),
      { numRuns },
    );
  });

  it('SSE: any chunking gives the same payloads as one chunk', () => {
    const payload = fc.string().filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 8 }), cuts, fc.constantFrom('\n', '\r\n', '\r'), (payloads, points, eol) => {
        const body = payloads.map((p) => `data: ${p}${eol}${eol}`).join('');
        const whole = createSseDecoder();
        const expected = [...whole.push(utf8.encode(body)), ...whole.finish()];
        const pieces = createSseDecoder();
        const got = [...split(utf8.encode(body), points).flatMap((c) => pieces.push(c)), ...pieces.finish()];
        expect(got).toEqual(expected);
        expect(got).toEqual(payloads);
      }),
      { numRuns },
    );
  });
});

describe('UTF-8 in chunks (each decoded whole, for speed)', () => {
  /** A streaming TextDecoder's text for the chunks: what the chunk decoder must equal. */
  const streaming = (chunks: Uint8Array[]) => {
    const decoder = new TextDecoder();
    return chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode();
  };
  const decodeChunks = (chunks: Uint8Array[]) => {
    const decoder = createUtf8Decoder();
    return chunks.map((c) => decoder.push(c)).join('') + decoder.finish();
  };

  it('gives what a streaming TextDecoder gives, for any bytes (valid or not) and any split', () => {
    // Bytes biased to UTF-8's edges: leads of every length, continuations, invalid leads, BOM bytes, ASCII.
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x41, 0x0a, 0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xe2, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xf5, 0xff),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), cuts, (bytes, points) => {
        const chunks = split(Uint8Array.from(bytes), points);
        expect(decodeChunks(chunks)).toBe(streaming(chunks));
      }),
      { numRuns: numRuns * 5 },
    );
  });

  it('gives back any text, split anywhere, with a BOM dropped only at the very start', () => {
    fc.assert(
      fc.property(fc.boolean(), text, cuts, (bom, body, points) => {
        const bytes = utf8.encode(`${bom ? '\uFEFF' : ''}x${body}\uFEFF${body}`);
        expect(decodeChunks(split(bytes, points))).toBe(`x${body}\uFEFF${body}`);
      }),
      { numRuns },
    );
  });
});

describe('Retry-After parsing is total', () => {
  const header = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  );
  it('any headers give null or a finite, non-negative number of milliseconds', () => {
    fc.assert(
      fc.property(fc.option(header), fc.option(header), fc.integer({ min: 0, max: 4_102_444_800_000 }), (ra, ms, now) => {
        // Any string, not only what Headers accepts: the parser must be total over what it is given.
        const values: Record<string, string | null> = { 'retry-after': ra, 'retry-after-ms': ms };
        const value = retryAfterMs({ get: (name) => values[name] ?? null }, now);
        expect(value === null || (Number.isFinite(value) && value >= 0)).toBe(true);
      }),
      { numRuns },
    );
  });

  it('whole seconds are read exactly', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (n) => {
        expect(retryAfterMs(new Headers({ 'retry-after': String(n) }))).toBe(n * 1000);
      }),
      { numRuns },
    );
  });
});

describe('classification is total', () => {
  it('any status and any body give an APIError with a non-empty string detail, of the rule-decided class', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), fc.oneof(fc.jsonValue(), fc.string(), fc.anything()), (status, body) => {
        const err = classify({ status, headers: new Headers(), body });
        expect(err).toBeInstanceOf(APIError);
        expect(err.statusCode).toBe(status);
        expect(typeof err.detail).toBe('string');
        expect(err.detail.length).toBeGreaterThan(0);
        expect(err.name).toBe(errorClassName(status, err.detail));
      }),
      { numRuns },
    );
  });
});

describe('message normalisation', () => {
  const role = fc.constantFrom('system', 'user', 'assistant');
  const message = fc.record({ role, content: fc.string() });
  it('accepts what it documents, and sends it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), message, fc.array(message, { minLength: 1, maxLength: 5 })), async (input) => {
        const messages = normalizeMessages(input);
        const expected = typeof input === 'string' ? [{ role: 'user', content: input }] : Array.isArray(input) ? input : [input];
        expect(messages).toEqual(expected);
        const { client, sent } = recordingClient();
        await client.chat({ model: 'gpt-4o-mini', messages: input });
        expect((sent[0]!.body as { messages: unknown }).messages).toEqual(expected);
      }),
      { numRuns },
    );
  });

  it('rejects the rest with InvalidArgumentError naming the field, never anything else, and sends nothing', async () => {
    const badRole = fc.string().filter((r) => !['system', 'user', 'assistant'].includes(r));
    const bad = fc.oneof(
      fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt()),
      fc.constant([]),
      fc.record({ role: badRole, content: fc.string() }),
      fc.array(fc.record({ role, content: fc.oneof(fc.integer(), fc.constant(null)) }), { minLength: 1, maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (input) => {
        const { client, sent } = recordingClient();
        const caught = await client.chat({ model: 'gpt-4o-mini', messages: input as never }).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(caught).toBeInstanceOf(InvalidArgumentError);
        expect((caught as InvalidArgumentError).field).toMatch(/^messages/);
        expect(sent).toEqual([]);
      }),
      { numRuns },
    );
  });
});
