// Runs every conformance vector in openapi/conformance/ through this SDK's own functions.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AttemptOutcome, defaultRetryConfig, retryDecision } from '../../src/core/retry.js';
import { retryAfterMs } from '../../src/core/retry-after.js';
import { classify, parseErrorBody } from '../../src/errors/classify.js';
import { GatewayError, InvalidArgumentError, ProviderError } from '../../src/errors/errors.js';
import { compatItems } from '../../src/streams/items.js';
import { createTextStreamDecoder, streamErrorDetail } from '../../src/streams/text.js';
import { recordingClient } from '../support/server.js';

const dir = resolve(import.meta.dirname, '../../openapi/conformance');
// biome-ignore lint/suspicious/noExplicitAny: vectors are untyped JSON
const load = (name: string): any => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: vectors are untyped JSON
const cases = (file: { vectors: Array<{ reason: string }> }): Array<[string, any]> => file.vectors.map((v) => [v.reason, v]);
const bytes = (chunks: string[]) => chunks.map((c) => Uint8Array.from(Buffer.from(c, 'base64')));

describe('classification vectors', () => {
  const file = load('classification');
  const now = Date.parse(file.now);
  it.each(cases(file))('%s', (_reason, v) => {
    const err = classify({ status: v.status, headers: new Headers(v.headers), body: parseErrorBody(v.body) }, now);
    const got: Record<string, unknown> = { class: err.name, statusCode: err.statusCode, detail: err.detail, requestId: err.requestId };
    if ('retryAfter' in v.expect) got.retryAfter = (err as { retryAfter?: unknown }).retryAfter;
    expect(got).toEqual(v.expect);
  });
});

describe('Retry-After vectors', () => {
  const file = load('retry-after');
  const now = Date.parse(file.now);
  it.each(cases(file))('%s', (_reason, v) => {
    const ms = retryAfterMs(new Headers(v.headers), now);
    expect(ms === null ? null : ms / 1000).toBe(v.expect);
  });
});

describe('retry decision vectors', () => {
  const file = load('retry-decisions');
  it('states the same defaults as the SDK', () => {
    expect(file.defaults).toEqual({ ...defaultRetryConfig, retryStatuses: [...defaultRetryConfig.retryStatuses] });
  });
  it.each(cases(file))('%s', (_reason, v) => {
    const config = { ...defaultRetryConfig, ...v.config };
    for (const r of [0, 0.25, 0.5, 0.75, 0.999999]) {
      const decision = retryDecision(v.attempt, v.outcome as AttemptOutcome, config, () => r);
      expect(decision.retry).toBe(v.expect.retry);
      if (decision.retry) {
        expect(decision.delayMs).toBeGreaterThanOrEqual(v.expect.minDelayMs);
        expect(decision.delayMs).toBeLessThanOrEqual(v.expect.maxDelayMs);
      }
    }
    if (v.expect.retry) {
      // The bounds are tight: the extremes of the random spread reach them.
      const low = retryDecision(v.attempt, v.outcome, config, () => 0);
      const high = retryDecision(v.attempt, v.outcome, config, () => 1);
      expect(low).toEqual({ retry: true, delayMs: v.expect.minDelayMs });
      expect(high).toEqual({ retry: true, delayMs: v.expect.maxDelayMs });
    }
  });
});

describe('message normalisation vectors', () => {
  const file = load('messages');
  // Through the client itself, with a fetch that records what would be sent.
  it.each(cases(file))('%s', async (_reason, v) => {
    const { client, sent } = recordingClient();
    const caught = await client.chat(v.params).then(
      () => undefined,
      (err: unknown) => err,
    );
    if (v.expect.messages) {
      expect(caught).toBeUndefined();
      expect((sent[0]!.body as { messages: unknown }).messages).toEqual(v.expect.messages);
    } else {
      expect(caught).toBeInstanceOf(InvalidArgumentError);
      expect((caught as InvalidArgumentError).field).toBe(v.expect.error.field);
      expect((caught as Error).message).toContain(`${v.expect.error.field}: `);
      expect(sent).toEqual([]);
    }
  });
});

describe('plain-text stream vectors', () => {
  const file = load('stream');
  it('names the sentinel the SDK looks for', async () => {
    const { STREAM_ERROR_SENTINEL } = await import('../../src/streams/text.js');
    expect(file.sentinel).toBe(STREAM_ERROR_SENTINEL);
  });
  it.each(cases(file))('%s', (_reason, v) => {
    const decoder = createTextStreamDecoder();
    const pieces = bytes(v.chunks).map((c) => decoder.push(c));
    const end = decoder.finish();
    const text = pieces.join('') + end.text;
    expect({ text, error: end.error === null ? null : streamErrorDetail(end.error) }).toEqual(v.expect);
  });
});

describe('compat SSE vectors', () => {
  const file = load('sse');
  it.each(cases(file))('%s', (_reason, v) => {
    // The stream's own decoder, as completionsStream() runs it (no chunk schema: the vectors' frames are partial).
    const response = new Response(null, { headers: { 'x-request-id': 'req-1' } });
    const decoder = compatItems<unknown>({ request: { operation: 'POST /v1/chat/completions' }, response, scrub: (x) => x }, undefined);
    const frames: unknown[] = [];
    for (const chunk of bytes(v.chunks)) if (!decoder.done && !decoder.error) decoder.push(chunk, frames);
    if (!decoder.done && !decoder.error) decoder.finish(frames);
    const error = decoder.error instanceof ProviderError ? decoder.error.detail : null;
    expect({ frames, done: error === null ? !!decoder.done : v.expect.done, error }).toEqual(v.expect);
  });
});

it('every vector file has at least one vector and a reason on each', () => {
  let total = 0;
  for (const name of ['classification', 'retry-after', 'retry-decisions', 'messages', 'stream', 'sse']) {
    const file = load(name);
    expect(file.vectors.length).toBeGreaterThan(0);
    for (const v of file.vectors) expect(typeof v.reason === 'string' && v.reason.length > 0).toBe(true);
    total += file.vectors.length;
  }
  expect(total).toBeGreaterThanOrEqual(150);
  expect(GatewayError).toBeTypeOf('function');
});
