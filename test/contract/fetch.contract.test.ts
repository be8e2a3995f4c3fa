// omnigate/fetch: openapi-fetch over the document, sending through a Client, against Prism's mock.
import { describe, expect, inject, it } from 'vitest';
import { createFetchClient } from '../../src/fetch.js';
import { Client, InvalidArgumentError } from '../../src/index.js';
import { documentedExamples, operations } from '../support/spec.js';
import { ADMIN_KEY, isAdmin, KEY, validCalls } from './operations.js';

const baseURL = inject('prismUrl');
const examples = documentedExamples();
const seen: Array<{ url: string; headers: Headers; violations: string | null }> = [];
const recording: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  seen.push({ url: String(input), headers: new Headers(init?.headers), violations: response.headers.get('sl-violations') });
  return response;
};
const client = new Client({ baseURL, apiKey: KEY, userId: 'u-42', fetch: recording, retries: 0 });
const api = createFetchClient(client);

describe('createFetchClient', () => {
  it.each(operations().map((o) => [o.operationId, o] as const))('%s answers its first documented success', async (id, { op }) => {
    const success = Object.keys(op.responses).find((s) => s.startsWith('2'))!;
    const first = examples.find((e) => e.operationId === id && e.status === success)!;
    const { data, response } = await validCalls[id]!(api, isAdmin(op) ? { 'x-admin-key': ADMIN_KEY } : {}, 'json');
    expect(response.status).toBe(Number(success));
    expect(data).toEqual(first.value);
    const sent = seen.at(-1)!;
    expect(sent.violations).toBeNull();
    expect(sent.headers.get('user-agent')).toMatch(/^omnigate-ts\//);
    if (first.secured && !isAdmin(op)) expect(sent.headers.get('x-api-key')).toBe(KEY);
  });

  it('an error status rejects with the typed error, after the client’s retries', async () => {
    const err = await validCalls.me!(api, { Prefer: 'code=401' }, 'json').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AuthError', statusCode: 401 });
    const retried = new Client({ baseURL, apiKey: KEY, fetch: recording, retryConfig: { maxRetries: 1, backoffBase: 1, backoffMax: 1 } });
    const before = seen.length;
    const failed = await createFetchClient(retried)
      .POST('/v1/chat', { body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, headers: { Prefer: 'code=500' } })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ name: 'ProviderError', statusCode: 500 });
    expect(seen.length - before).toBe(2);
  });

  it('refuses what is not a Client', () => {
    expect(() => createFetchClient({} as Client)).toThrow(InvalidArgumentError);
  });
});
