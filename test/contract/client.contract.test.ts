// Every Client method against Prism's mock of the document: valid requests, documented answers, typed errors.
import { describe, expect, inject, it } from 'vitest';
import { APIError, type CallOptions, Client, ProviderError, RateLimitError } from '../../src/index.js';
import { documentedExamples } from '../support/spec.js';
import { KEY } from './operations.js';

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
const example = (operationId: string, status: string, mediaType = 'application/json') =>
  examples.find((e) => e.operationId === operationId && e.status === status && (e.mediaType === mediaType || e.mediaType === ''))?.value;

type Method = (o?: CallOptions) => Promise<unknown>;
const methods: Array<[string, string, Method, (v: unknown) => unknown]> = [
  ['signup', '201', (o) => client.signup({ email: 'dev@acme.dev', org_name: 'Acme' }, o), (v) => v],
  ['me', '200', (o) => client.me(o), (v) => v],
  ['setProviderKey', '204', (o) => client.setProviderKey({ provider: 'openai', api_key: 'sk-proj-0123456789' }, o), () => undefined],
  ['createApiKey', '201', (o) => client.createApiKey({ name: 'ci' }, o), (v) => v],
  ['listApiKeys', '200', (o) => client.listApiKeys(o), (v) => v],
  ['revokeApiKey', '204', (o) => client.revokeApiKey('3d0c1b9e-8a7f-4c6d-9e5b-1a2b3c4d5e6f', o), () => undefined],
  [
    'chat',
    '200',
    (o) =>
      client.chat(
        { model: 'gpt-4o-mini', messages: 'Say hi in French', temperature: 0.3, fallback_models: ['claude-3-5-haiku-latest'] },
        o,
      ),
    (v) => v,
  ],
  ['chatCompletions', '200', (o) => client.completions({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }, o), (v) => v],
  ['listModels', '200', (o) => client.models(o), (v) => (v as { data: unknown }).data],
  ['getModel', '200', (o) => client.model('gpt-4o-mini', o), (v) => v],
  ['metrics', '200', (o) => client.metrics({ range: '7d', group_by: 'provider' }, o), (v) => v],
  ['health', '200', (o) => client.health(o), (v) => v],
  ['liveness', '200', (o) => client.liveness(o), (v) => v],
  ['readiness', '200', (o) => client.readiness(o), (v) => v],
  ['version', '200', (o) => client.version(o), (v) => v],
];

describe('every method returns its documented answer', () => {
  it.each(methods)('%s', async (operationId, status, call, expected) => {
    const before = violations.length;
    expect(await call()).toEqual(expected(example(operationId, status)));
    expect(violations.slice(before)).toEqual([]);
  });

  it('covers every operation of the document', () => {
    const ids = new Set(examples.map((e) => e.operationId));
    expect(new Set(methods.map((m) => m[0]))).toEqual(ids);
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
  const byOperation = new Map(methods.map((m) => [m[0], m[2]]));
  const errorExamples = examples.filter((e) => /^[45]/.test(e.status) && e.mediaType !== '' && e.operationId !== 'readiness');
  // The class each documented error must become, by status and example (the reference's order of rules).
  const expectedName = (status: string, name: string | undefined, detail: string): string => {
    if (status === '429') return 'RateLimitError';
    if (status === '402') return 'BudgetExceededError';
    if (status === '401') return name === 'providerKey' ? 'ProviderError' : 'AuthError';
    if (status === '502' || status === '503') return 'ProviderError';
    if (status === '400') return detail.startsWith('No ') || /^(Anthropic|Azure)/.test(detail) ? 'ProviderError' : 'APIError';
    return 'APIError';
  };

  it.each(errorExamples.map((e) => [`${e.operationId} ${e.status} ${e.name ?? ''}`.trim(), e] as const))('%s', async (_label, ex) => {
    const call = byOperation.get(ex.operationId)!;
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
