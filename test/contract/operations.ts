// One valid call per operation, through the generated bindings (openapi-fetch on generated/schema.ts).
// The contract tests send each with different Prefer/Accept headers to reach every documented answer.
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

export const KEY = 'llmg_TestKeyTestKeyTestKeyTestKeyTestKeyTestKey1';
export type Bindings = ReturnType<typeof createClient<paths>>;
type Call = (
  api: Bindings,
  headers: Record<string, string>,
  parseAs: 'json' | 'text',
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export function bindings(baseUrl: string, withKey = true): Bindings {
  return createClient<paths>({ baseUrl, headers: withKey ? { 'x-api-key': KEY } : {} });
}

export const validCalls: Record<string, Call> = {
  health: (api, headers, parseAs) => api.GET('/health', { headers, parseAs }),
  liveness: (api, headers, parseAs) => api.GET('/health/live', { headers, parseAs }),
  readiness: (api, headers, parseAs) => api.GET('/health/ready', { headers, parseAs }),
  version: (api, headers, parseAs) => api.GET('/version', { headers, parseAs }),
  signup: (api, headers, parseAs) =>
    api.POST('/v1/signup', { body: { email: 'dev@acme.dev', org_name: 'Acme', project_name: 'prod' }, headers, parseAs }),
  me: (api, headers, parseAs) => api.GET('/v1/me', { headers, parseAs }),
  setProviderKey: (api, headers, parseAs) =>
    api.POST('/v1/keys', {
      body: {
        provider: 'azure',
        api_key: 'azure-key-0123456789',
        meta: { endpoint: 'https://acme.openai.azure.com', deployment: 'gpt-4o-mini' },
      },
      headers,
      parseAs,
    }),
  createApiKey: (api, headers, parseAs) => api.POST('/v1/keys/api', { body: { name: 'ci' }, headers, parseAs }),
  listApiKeys: (api, headers, parseAs) => api.GET('/v1/keys/api', { headers, parseAs }),
  revokeApiKey: (api, headers, parseAs) =>
    api.DELETE('/v1/keys/api/{key_id}', {
      params: { path: { key_id: '3d0c1b9e-8a7f-4c6d-9e5b-1a2b3c4d5e6f' } },
      headers,
      parseAs,
    }),
  chat: (api, headers, parseAs) =>
    api.POST('/v1/chat', {
      body: {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Say hi in French' }],
        temperature: 0.2,
        stop: ['\n'],
        stream: parseAs === 'text',
      },
      params: { header: { 'x-user-id': 'u-42' } },
      headers,
      parseAs,
    }),
  chatCompletions: (api, headers, parseAs) =>
    api.POST('/v1/chat/completions', {
      body: {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        stream: parseAs === 'text',
        stream_options: parseAs === 'text' ? { include_usage: true } : null,
      },
      headers,
      parseAs,
    }),
  listModels: (api, headers, parseAs) => api.GET('/v1/models', { headers, parseAs }),
  getModel: (api, headers, parseAs) =>
    api.GET('/v1/models/{model_id}', { params: { path: { model_id: 'gpt-4o-mini' } }, headers, parseAs }),
  metrics: (api, headers, parseAs) =>
    api.GET('/v1/metrics', { params: { query: { range: '7d', group_by: 'provider', granularity: 'day' } }, headers, parseAs }),
};

/** An invalid body for each operation that takes one, to reach its 422. */
export const invalidBodies: Record<string, { path: string; body: unknown }> = {
  signup: { path: '/v1/signup', body: { email: 'x' } },
  setProviderKey: { path: '/v1/keys', body: { provider: 'mistral', api_key: 'short' } },
  createApiKey: { path: '/v1/keys/api', body: { name: '' } },
  chat: { path: '/v1/chat', body: { model: 'gpt-4o-mini', messages: [], temperature: 3 } },
  chatCompletions: { path: '/v1/chat/completions', body: { messages: [{ role: 'user', content: 'hi' }] } },
};
