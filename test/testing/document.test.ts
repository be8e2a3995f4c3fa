// Every answer the mock gateway makes is one the document describes: for every operation and every status the
// document lists, a scenario makes the mock answer it, and the body is checked against the response's schema (each
// event of a stream against its chunk or error schema), each header against its documented schema, and no header
// the document does not name for that answer is sent.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createMockGateway, MOCK_ADMIN_KEY, type MockGateway, type MockGatewayOptions } from '../../src/testing.js';
import { deref, operations, spec } from '../support/spec.js';

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(spec, 'doc');
const validate = (pointer: string, value: unknown) => {
  const check = ajv.getSchema(`doc#${pointer}`) ?? ajv.compile({ $ref: `doc#${pointer}` });
  return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};
const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

const chatBody = (extra: object = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra });
const nonUtf8 = new Uint8Array([0xff, 0xfe, 0x7b]);

type Send = (
  method: string,
  path: string,
  body?: unknown,
  options?: { key?: string | null; headers?: Record<string, string> },
) => Promise<Response>;
interface Scenario {
  options?: MockGatewayOptions;
  /** Calls made first, whose answers are not checked. */
  before?: (send: Send, gw: MockGateway) => Promise<unknown>;
  call: (send: Send, gw: MockGateway) => Promise<Response>;
}

const post = (path: string, body: unknown, key?: string | null) => (send: Send) => send('POST', path, body, { key });
const get = (path: string, key?: string | null) => (send: Send) => send('GET', path, undefined, { key });
const adminHeaders = { 'x-admin-key': MOCK_ADMIN_KEY };
const adminPost = (path: string, body: unknown) => (send: Send) => send('POST', path, body, { headers: adminHeaders });
const adminGet = (path: string) => (send: Send) => send('GET', path, undefined, { headers: adminHeaders });
/** Creates an organisation, then calls `then` with its id. */
const withOrg = (then: (send: Send, id: string) => Promise<Response>) => async (send: Send) => {
  const { id } = await (await adminPost('/v1/admin/orgs', { name: 'acme' })(send)).json();
  return then(send, id);
};
const failing502 = (path: string) => async (send: Send) => {
  for (let i = 0; i < 5; i++) await send('POST', path, chatBody({ messages: [{ role: 'user', content: 'fail:502' }] }));
};

/** operationId → status → how to make the mock answer it. */
const scenarios: Record<string, Record<string, Scenario | Scenario[]>> = {
  health: { '200': { call: get('/health') } },
  liveness: { '200': { call: get('/health/live') } },
  readiness: { '200': { call: get('/health/ready') }, '503': { options: { unready: 'redis' }, call: get('/health/ready') } },
  version: { '200': { call: get('/version') } },
  signup: {
    '201': { call: post('/v1/signup', { email: 'dev@example.com' }) },
    '400': { call: post('/v1/signup', nonUtf8) },
    '422': { call: post('/v1/signup', { email: 'ab' }) },
    '500': { call: post('/v1/signup', { email: 'nul\u0000@x.y' }) },
  },
  me: { '200': { call: get('/v1/me') }, '401': { call: get('/v1/me', null) } },
  setProviderKey: {
    '204': [{ call: post('/v1/keys', { provider: 'anthropic', api_key: 'sk-ant-12345678' }) }],
    '400': { call: post('/v1/keys', { provider: 'azure', api_key: 'az-12345678' }) },
    '401': { call: post('/v1/keys', { provider: 'openai', api_key: 'sk-12345678' }, 'llmg_nope') },
    '422': { call: post('/v1/keys', { provider: 'mistral', api_key: 'sk-12345678' }) },
  },
  createApiKey: {
    '201': { call: post('/v1/keys/api', { name: 'ci' }) },
    '400': { call: post('/v1/keys/api', nonUtf8) },
    '401': { call: post('/v1/keys/api', { name: 'ci' }, null) },
    '422': { call: post('/v1/keys/api', {}) },
    '500': { call: post('/v1/keys/api', { name: 'a\u0000b' }) },
  },
  listApiKeys: {
    '200': { before: post('/v1/keys/api', { name: 'ci' }), call: get('/v1/keys/api') },
    '401': { call: get('/v1/keys/api', 'llmg_nope') },
  },
  revokeApiKey: {
    '204': {
      call: async (send) => {
        const { id } = await (await send('POST', '/v1/keys/api', { name: 'ci' })).json();
        return send('DELETE', `/v1/keys/api/${id}`);
      },
    },
    '401': { call: (send) => send('DELETE', '/v1/keys/api/00000000-0000-0000-0000-000000000000', undefined, { key: null }) },
    '404': { call: (send) => send('DELETE', '/v1/keys/api/00000000-0000-0000-0000-000000000000') },
    '422': { call: (send) => send('DELETE', '/v1/keys/api/not-a-uuid') },
  },
  chat: {
    '200': [
      { call: post('/v1/chat', chatBody()) },
      { call: post('/v1/chat', chatBody({ stream: true })) },
      {
        options: { monthlyBudget: 5, orgMonthlyBudget: 9 },
        call: post('/v1/chat', chatBody({ model: 'llama', fallback_models: ['gpt-4o'] })),
      },
      { call: post('/v1/chat', chatBody({ stream: true, messages: [{ role: 'user', content: 'streamfail' }] })) },
    ],
    '400': [{ call: post('/v1/chat', chatBody({ model: 'llama-3-70b' })) }, { call: post('/v1/chat', nonUtf8) }],
    '401': { call: post('/v1/chat', chatBody(), null) },
    '402': { options: { dailyBudget: 0.0001 }, before: post('/v1/chat', chatBody({ model: 'gpt-4' })), call: post('/v1/chat', chatBody()) },
    '422': [{ call: post('/v1/chat', chatBody({ temperature: 3 })) }, { call: post('/v1/chat', '{') }],
    '429': { options: { rateLimitPerMin: 0 }, call: post('/v1/chat', chatBody()) },
    '502': { call: post('/v1/chat', chatBody({ messages: [{ role: 'user', content: 'fail:502' }] })) },
    '503': { before: failing502('/v1/chat'), call: post('/v1/chat', chatBody({ stream: true })) },
    default: { call: post('/v1/chat', chatBody({ messages: [{ role: 'user', content: 'fail:401' }] })) },
  },
  chatCompletions: {
    '200': [
      { call: post('/v1/chat/completions', chatBody()) },
      { call: post('/v1/chat/completions', chatBody({ stream: true, stream_options: { include_usage: true } })) },
      { call: post('/v1/chat/completions', chatBody({ stream: true, messages: [{ role: 'user', content: 'streamfail' }] })) },
    ],
    '400': [{ call: post('/v1/chat/completions', chatBody({ n: 2 })) }, { call: post('/v1/chat/completions', nonUtf8) }],
    '401': { call: post('/v1/chat/completions', chatBody(), 'llmg_nope') },
    '402': {
      options: { orgDailyBudget: 0.0001 },
      before: post('/v1/chat', chatBody({ model: 'gpt-4' })),
      call: post('/v1/chat/completions', chatBody()),
    },
    '422': { call: post('/v1/chat/completions', chatBody({ stream: null })) },
    '429': { options: { rateLimitPerMin: 0 }, call: post('/v1/chat/completions', chatBody()) },
    '502': { call: post('/v1/chat/completions', chatBody({ model: '' })) },
    '503': { before: failing502('/v1/chat/completions'), call: post('/v1/chat/completions', chatBody()) },
    default: { call: post('/v1/chat/completions', chatBody({ messages: [{ role: 'user', content: 'fail:401' }] })) },
  },
  listModels: { '200': { call: get('/v1/models') }, '401': { call: get('/v1/models', null) } },
  getModel: {
    '200': [{ call: get('/v1/models/gpt-4o-mini') }, { call: get('/v1/models/azure/gpt-4o') }],
    '401': { call: get('/v1/models/gpt-4o-mini', null) },
    '404': { call: get('/v1/models/gpt-9') },
  },
  createOrg: {
    '201': { call: adminPost('/v1/admin/orgs', { name: 'acme', daily_budget: 5, monthly_budget: 100 }) },
    '400': { call: adminPost('/v1/admin/orgs', nonUtf8) },
    '401': { call: post('/v1/admin/orgs', { name: 'acme' }) },
    '422': { call: adminPost('/v1/admin/orgs', { name: 'neg', daily_budget: -1 }) },
  },
  listOrgs: { '200': { call: adminGet('/v1/admin/orgs') }, '401': { call: get('/v1/admin/orgs') } },
  createProject: {
    '201': { call: withOrg((send, id) => adminPost('/v1/admin/projects', { org_id: id, name: 'svc', rate_limit_per_min: 120 })(send)) },
    '400': { call: adminPost('/v1/admin/projects', nonUtf8) },
    '401': { call: post('/v1/admin/projects', { org_id: '00000000-0000-0000-0000-000000000000', name: 'x' }) },
    '404': { call: adminPost('/v1/admin/projects', { org_id: '00000000-0000-0000-0000-000000000000', name: 'x' }) },
    '422': { call: adminPost('/v1/admin/projects', { org_id: 'nope', name: 'x' }) },
  },
  listProjects: {
    '200': { call: withOrg((send, id) => adminGet(`/v1/admin/projects?org_id=${id}`)(send)) },
    '401': { call: get('/v1/admin/projects') },
    '422': { call: adminGet('/v1/admin/projects?org_id=nope') },
  },
  orgMetrics: {
    '200': [
      {
        before: post('/v1/chat', chatBody()),
        // The ready project's organisation, the first the admin API lists.
        call: async (send) => {
          const [org] = await (await adminGet('/v1/admin/orgs')(send)).json();
          return adminGet(`/v1/admin/orgs/${org.id}/metrics?group_by=model`)(send);
        },
      },
    ],
    '401': { call: get('/v1/admin/orgs/00000000-0000-0000-0000-000000000000/metrics') },
    '404': { call: adminGet('/v1/admin/orgs/00000000-0000-0000-0000-000000000000/metrics') },
    '422': [
      { call: withOrg((send, id) => adminGet(`/v1/admin/orgs/${id}/metrics?range=2d`)(send)) },
      { call: adminGet('/v1/admin/orgs/nope/metrics') },
    ],
  },
  metrics: {
    '200': [
      { before: post('/v1/chat', chatBody()), call: get('/v1/metrics?group_by=model') },
      { call: get('/v1/metrics?from=2026-11-29T00:00:00Z&granularity=minute') },
    ],
    '401': { call: get('/v1/metrics', null) },
    '422': { call: get('/v1/metrics?range=2d') },
  },
};

function sender(gw: MockGateway): Send {
  return (method, path, body, { key, headers = {} } = {}) => {
    const all: Record<string, string> = { ...headers };
    if (key !== null) all['x-api-key'] = key ?? gw.apiKey;
    if (body !== undefined) all['content-type'] = 'application/json';
    const payload = body === undefined ? undefined : body instanceof Uint8Array || typeof body === 'string' ? body : JSON.stringify(body);
    return gw.fetch(`${gw.url}${path}`, { method, headers: all, body: payload as BodyInit | undefined });
  };
}

const documented = operations().flatMap(({ operationId, op, path, method }) =>
  Object.keys(op.responses).map((status) => ({ operationId, status, path, method })),
);

describe('every answer the mock makes is one the document describes', () => {
  it('a scenario for every operation and status the document lists, and none it does not', () => {
    const covered = Object.entries(scenarios).flatMap(([op, byStatus]) => Object.keys(byStatus).map((s) => `${op} ${s}`));
    expect(covered.sort()).toEqual(documented.map((d) => `${d.operationId} ${d.status}`).sort());
  });

  it.each(documented)('$operationId $status', async ({ operationId, status, path, method }) => {
    const list = [scenarios[operationId]![status]!].flat();
    for (const scenario of list) {
      const gw = createMockGateway(scenario.options);
      try {
        const send = sender(gw);
        await scenario.before?.(send, gw);
        const response = await scenario.call(send, gw);
        if (status !== 'default') expect(response.status).toBe(Number(status));
        else expect(response.status).not.toBe(200);
        const pointer = `/paths/${pointerPart(path)}/${method}/responses/${status}`;
        const ref = spec.paths[path][method].responses[status].$ref as string | undefined;
        const at = ref ? ref.slice(1) : pointer;
        const documentedResponse = deref(spec.paths[path][method].responses[status]);
        // Headers: only those the document names for this answer, each valid against its schema.
        const names = Object.keys(documentedResponse.headers ?? {}).map((n) => n.toLowerCase());
        for (const [name, value] of response.headers) {
          if (name === 'content-type' || name === 'content-length') continue;
          expect(names, `${operationId} ${status} sends ${name}, which the document does not name`).toContain(name);
          const key = Object.keys(documentedResponse.headers).find((n) => n.toLowerCase() === name)!;
          const schema = deref(documentedResponse.headers[key]).schema;
          const typed = schema.type === 'integer' ? Number(value) : value;
          expect(ajv.validate(schema, typed), `${name}: ${value}`).toBe(true);
        }
        // The body, by its media type.
        const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
        const content = documentedResponse.content ?? {};
        const text = await response.text();
        if (Number(status) === 204) {
          expect(text).toBe('');
          continue;
        }
        expect(Object.keys(content), `${operationId} ${status} answers ${type}`).toContain(type);
        const mediaPointer = `${at}/content/${pointerPart(type)}`;
        if (type === 'application/json') expect(validate(`${mediaPointer}/schema`, JSON.parse(text))).toEqual([]);
        else if (type === 'text/event-stream') {
          const sse = content[type]['x-omnigate-sse'];
          const frames = text.split(sse['frame-separator']).filter(Boolean);
          expect(frames.at(-1)).toBe(`${sse['frame-prefix']}${sse['done-sentinel']}`);
          for (const frame of frames.slice(0, -1)) {
            const data = JSON.parse(frame.slice(sse['frame-prefix'].length));
            const schema = 'error' in data ? sse['error-frame-schema'] : sse['chunk-schema'];
            expect(validate(schema.slice(1), data), frame).toEqual([]);
          }
        } else expect(validate(`${mediaPointer}/schema`, text)).toEqual([]);
      } finally {
        await gw.close();
      }
    }
  });
});
