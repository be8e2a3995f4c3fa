// One valid call per operation, through the generated bindings (openapi-fetch on generated/schema.ts), made from the
// document's examples. The contract tests send each with different Prefer/Accept headers to reach every documented response.
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { deref, operations } from '../support/spec.js';

export const KEY = 'llmg_TestKeyTestKeyTestKeyTestKeyTestKeyTestKey1';
/** The operators' admin key, for `/v1/admin/*`. */
export const ADMIN_KEY = 'admin-TestAdminKey-0001';

/** Whether an operation takes the admin key (the admin API) rather than a gateway key. */
export const isAdmin = (op: { security?: Array<Record<string, unknown>> }) => !!op.security?.some((s) => 'AdminKey' in s);
export type Bindings = ReturnType<typeof createClient<paths>>;
type Call = (
  api: Bindings,
  headers: Record<string, string>,
  parseAs: 'json' | 'text',
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export function bindings(baseUrl: string, withKey = true): Bindings {
  return createClient<paths>({ baseUrl, headers: withKey ? { 'x-api-key': KEY, 'x-admin-key': ADMIN_KEY } : {} });
}

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as untyped data
type Json = Record<string, any>;
type Loose = Record<string, (path: string, init: object) => ReturnType<Call>>;

/**
 * A valid call of every operation of the document, built from the document's own examples: its path parameters'
 * examples and its request body's first example. An operation added to the document is called without more code.
 */
export const validCalls: Record<string, Call> = Object.fromEntries(
  operations().map(({ operationId, method, path, op }) => {
    const params: Json[] = (op.parameters ?? []).map((p: Json) => deref(p));
    const pathParams = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, p.example]));
    const query = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, p.example]));
    const media = op.requestBody?.content?.['application/json'];
    const body = media && (media.example ?? (Object.values(media.examples)[0] as Json).value);
    const call: Call = (api, headers, parseAs) =>
      (api as unknown as Loose)[method.toUpperCase()]!(path, { params: { path: pathParams, query }, body, headers, parseAs });
    return [operationId, call];
  }),
);

/** An invalid body for each operation that takes one, to reach its 422. */
export const invalidBodies: Record<string, { path: string; body: unknown }> = {
  signup: { path: '/v1/signup', body: { email: 'x' } },
  setProviderKey: { path: '/v1/keys', body: { provider: 'mistral', api_key: 'short' } },
  createApiKey: { path: '/v1/keys/api', body: { name: '' } },
  chat: { path: '/v1/chat', body: { model: 'gpt-4o-mini', messages: [], temperature: 3 } },
  chatCompletions: { path: '/v1/chat/completions', body: { messages: [{ role: 'user', content: 'hi' }] } },
  createOrg: { path: '/v1/admin/orgs', body: { name: 'neg', daily_budget: -1 } },
  createProject: { path: '/v1/admin/projects', body: { org_id: 'nope', name: 'x' } },
};
