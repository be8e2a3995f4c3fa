// Every Client method against Prism's mock of the document: valid requests, documented answers, typed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { AdminClient, APIError, type CallOptions, Client, ProviderError, RateLimitError } from '../../src/index.js';
import { deref, documentedExamples, operations } from '../support/spec.js';
import { ADMIN_KEY, KEY } from './operations.js';

const baseUrl = inject('prismUrl');
const examples = documentedExamples();
const violations: string[] = [];

// Prism lists every way a request breaks the document in `sl-violations`; collect them all.
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const v = response.headers.get('sl-violations');
  if (v) violations.push(`${init?.method} ${String(input)}: ${v}`);
  return response;
};

const client = new Client({ baseURL: baseUrl, apiKey: KEY, userId: 'u-42', fetch: recordingFetch, retries: 0 });
const admin = new AdminClient({ baseURL: baseUrl, adminKey: ADMIN_KEY, fetch: recordingFetch, retries: 0 });
const example = (operationId: string, status: string, mediaType = 'application/json') =>
  examples.find((e) => e.operationId === operationId && e.status === status && (e.mediaType === mediaType || e.mediaType === ''))?.value;

// Each method that wraps an operation, as src/client.ts and src/admin.ts write it:
// `name(...) { return this.#calls.call(ops.<operationId>, ...` (AdminClient's `this.#call(ops.<operationId>, ...`).
const methodsOf = (file: string, target: object) =>
  [
    ...readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8').matchAll(
      /^ {2}(\w+)\([^\n]*\{\n {4}return this\.#call(?:s\.call)?\(ops\.(\w+),/gm,
    ),
  ].map(([, method, id]) => [id!, method!, target] as const);
const wrapping = [...methodsOf('client.ts', client), ...methodsOf('admin.ts', admin)];

/** A method's arguments from the document's examples: its path parameter, its request body, its (empty) query, or nothing. */
function argumentsOf(operationId: string): unknown[] {
  const { op } = operations().find((o) => o.operationId === operationId)!;
  const params: Array<{ in: string; example?: unknown }> = (op.parameters ?? []).map((p: object) => deref(p));
  const path = params.find((p) => p.in === 'path');
  const media = op.requestBody?.content?.['application/json'];
  const body = media && (media.example ?? (Object.values(media.examples)[0] as { value: unknown }).value);
  const query = params.some((p) => p.in === 'query') ? [{}] : [];
  return path ? [path.example, ...query] : body ? [body] : query;
}

/** Calls the method that wraps `operationId` with the document's example arguments and `options`. */
function callOf(operationId: string): (options?: CallOptions) => Promise<unknown> {
  const [, method, target] = wrapping.find(([id]) => id === operationId)!;
  const fn = (target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
  return (options) => fn.call(target, ...argumentsOf(operationId), options);
}

describe('every method returns its documented response', () => {
  it.each(wrapping)('%s, through %s()', async (operationId, _method, target) => {
    const before = violations.length;
    const status = Object.keys(operations().find((o) => o.operationId === operationId)!.op.responses).find((s) => s.startsWith('2'))!;
    // A user id on the client's calls; the admin API attributes nothing to a user, and AdminClient refuses one.
    const result = await callOf(operationId)(target === client ? { userId: 'u-42' } : undefined);
    const documented = example(operationId, status) as { data?: unknown } | undefined;
    // A list response's method may return its `data` (models()). A new project's key is there, not enumerable.
    const seen = operationId === 'createProject' ? { ...(result as object), api_key: (result as { api_key: string }).api_key } : result;
    if (operationId === 'createProject') expect(Object.keys(result as object)).not.toContain('api_key');
    expect(seen).toEqual(Array.isArray(result) && !Array.isArray(documented) ? documented?.data : documented);
    expect(violations.slice(before)).toEqual([]);
  });

  it('covers every operation of the document', () => {
    const ids = new Set(examples.map((e) => e.operationId));
    expect(new Set(wrapping.map(([id]) => id))).toEqual(ids);
  });
});

describe('streams against the mock', () => {
  it('chatStream yields the documented text', async () => {
    let text = '';
    for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'Stream me a haiku' })) text += piece;
    expect(text).toBe(examples.find((e) => e.operationId === 'chat' && e.mediaType === 'text/plain' && e.name === 'complete')!.value);
  });

  it('chatStream raises the documented in-band failure', async () => {
    const failed = examples.find((e) => e.operationId === 'chat' && e.mediaType === 'text/plain' && e.name === 'failed')!.value as string;
    let text = '';
    const err = await (async () => {
      for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'hi' }, { headers: { Prefer: 'example=failed' } }))
        text += piece;
    })().catch((e: unknown) => e);
    expect(text).toBe(failed.slice(0, failed.indexOf('\n[error] ')));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).detail).toBe(failed.slice(failed.indexOf('\n[error] ') + 9));
  });

  it('completionsStream yields the documented chunks', async () => {
    const chunks = [];
    for await (const c of client.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })) chunks.push(c);
    expect(chunks.map((c) => c.choices[0]?.delta.content).join('')).toBe('Hello!');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 });
  });

  it('completionsStream raises the documented in-band error frame', async () => {
    const err = await (async () => {
      for await (const _ of client.completionsStream(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] },
        { headers: { Prefer: 'example=failed' } },
      )) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).detail).toBe('OpenAI error 500: {"error":"upstream broke"}');
  });

  it('sent no request Prism found invalid', () => {
    expect(violations).toEqual([]);
  });
});

describe('every documented error status becomes its typed error', () => {
  const errorExamples = examples.filter((e) => /^[45]/.test(e.status) && e.mediaType !== '' && e.operationId !== 'readiness');
  // The class each documented error must become, by status and example (the reference's order of rules).
  const expectedName = (status: string, name: string | undefined, detail: string): string => {
    if (status === '429') return 'RateLimitError';
    if (status === '402') return 'BudgetExceededError';
    if (name === 'unknownModel' || name === 'notFound') return 'UnknownModelError';
    if (status === '401') return name === 'providerKey' ? 'ProviderError' : 'AuthError';
    if (status === '502' || status === '503') return 'ProviderError';
    if (status === '400') return detail.startsWith('No ') || /^(Anthropic|Azure)/.test(detail) ? 'ProviderError' : 'APIError';
    return 'APIError';
  };

  it.each(errorExamples.map((e) => [`${e.operationId} ${e.status} ${e.name ?? ''}`.trim(), e] as const))('%s', async (_label, ex) => {
    const call = callOf(ex.operationId);
    const prefer = `code=${ex.status}${ex.name ? `, example=${ex.name}` : ''}`;
    const err = (await call({ headers: { Prefer: prefer } }).catch((e: unknown) => e)) as APIError;
    expect(err).toBeInstanceOf(APIError);
    expect(err.statusCode).toBe(Number(ex.status));
    expect(err.requestId).toBe(ex.headers['x-request-id'] ?? null);
    expect(err.name).toBe(expectedName(ex.status, ex.name, err.detail));
    expect(err.body).toEqual(ex.value);
    if (err instanceof RateLimitError) expect(err.retryAfter).toBe(ex.headers['retry-after'] ?? null);
  });

  it('a readiness 503 resolves with the failing check', async () => {
    expect(await client.readiness({ headers: { Prefer: 'code=503' } })).toEqual(example('readiness', '503'));
  });
});
