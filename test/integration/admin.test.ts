// AdminClient: the admin key (its default, its header, never printed or echoed back in an error), the operators'
// calls against the mock gateway, and a new project's key readable but never enumerated.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient, AuthError, Client, InvalidArgumentError } from '../../src/index.js';
import { createMockGateway, MOCK_ADMIN_KEY, type MockGateway } from '../../src/testing.js';
import { json, serverPerTest } from '../support/server.js';

const serve = serverPerTest();
let gw: MockGateway;
afterEach(() => gw?.close());
const admin = (options: ConstructorParameters<typeof AdminClient>[0] = {}) =>
  new AdminClient({ fetch: gw.fetch, baseURL: gw.url, adminKey: MOCK_ADMIN_KEY, ...options });

describe('AdminClient', () => {
  it('needs its key: given, or OMNIGATE_ADMIN_KEY; sends it as x-admin-key, never a gateway key', async () => {
    gw = createMockGateway();
    const saved = { admin: process.env.OMNIGATE_ADMIN_KEY, api: process.env.OMNIGATE_API_KEY };
    try {
      delete process.env.OMNIGATE_ADMIN_KEY;
      expect(() => new AdminClient({ baseURL: gw.url })).toThrow(InvalidArgumentError);
      expect(() => new AdminClient({ baseURL: gw.url, adminKey: 'a\nb' })).toThrow(/^adminKey: expected Latin-1 text/);
      process.env.OMNIGATE_ADMIN_KEY = MOCK_ADMIN_KEY;
      process.env.OMNIGATE_API_KEY = gw.apiKey;
      await new AdminClient({ fetch: gw.fetch, baseURL: gw.url }).listOrgs();
      const sent = gw.requests.at(-1)!.headers;
      expect(sent['x-admin-key']).toBe('…');
      expect(sent).not.toHaveProperty('x-api-key');
    } finally {
      for (const [name, value] of [
        ['OMNIGATE_ADMIN_KEY', saved.admin],
        ['OMNIGATE_API_KEY', saved.api],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('an organisation, a project whose key works at once, its spend; a wrong admin key is an AuthError', async () => {
    gw = createMockGateway();
    const a = admin();
    const org = await a.createOrg({ name: 'acme', daily_budget: 5 });
    expect(org).toMatchObject({ name: 'acme', daily_budget: '5.0000', monthly_budget: '0.0000' });
    const project = await a.createProject({ org_id: org.id, name: 'web', rate_limit_per_min: 120 });
    expect(project.api_key).toMatch(/^llmg_[\w-]{43}$/);
    expect(Object.keys(project)).not.toContain('api_key');
    expect(JSON.stringify(project)).not.toContain(project.api_key);
    expect(inspect(project)).not.toContain(project.api_key);
    const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: project.api_key });
    await client.setProviderKey({ provider: 'openai', api_key: 'sk-test-12345678' });
    await client.chat({ model: 'gpt-4', messages: 'hi' });
    expect((await a.orgMetrics(org.id, { range: '1h' })).totals).toMatchObject({ requests: 1, cost_usd: 0.00048 });
    expect(await a.listProjects({ orgId: org.id })).toEqual([expect.objectContaining({ id: project.id, rate_limit_per_min: 120 })]);
    await expect(admin({ adminKey: 'wrong' }).listOrgs()).rejects.toBeInstanceOf(AuthError);
  });

  it('never shows its key: not when printed, not in an error that echoes it', async () => {
    const adminKey = 'admin-SecretAdminKey-0042';
    const server = await serve((req, res) =>
      json(res, 401, { detail: `bad key ${req.headers['x-admin-key']}` }, { 'x-echo': String(req.headers['x-admin-key']) }),
    );
    const a = new AdminClient({ baseURL: server.url, adminKey, retries: 0, logLevel: 'off' });
    expect(inspect(a, { depth: 5 })).not.toContain(adminKey);
    expect(JSON.stringify(a)).not.toContain(adminKey);
    const err = await a.listOrgs().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(`${(err as Error).message} ${JSON.stringify(err)} ${inspect(err, { depth: 5 })}`).not.toContain(adminKey);
  });
});

describe('AdminClient’s own options and key', () => {
  it('takes no gateway key and no user id: not as options, not from the environment, not per call', async () => {
    gw = createMockGateway();
    for (const option of ['apiKey', 'userId'] as const) {
      expect(() => new AdminClient({ baseURL: gw.url, adminKey: MOCK_ADMIN_KEY, [option]: 'x' } as never)).toThrow(
        new RegExp(`^${option}: unknown option`),
      );
    }
    const saved = process.env.OMNIGATE_USER_ID;
    process.env.OMNIGATE_USER_ID = 'u-42';
    try {
      await admin().listOrgs();
      expect(gw.requests.at(-1)!.headers).not.toHaveProperty('x-user-id');
    } finally {
      if (saved === undefined) delete process.env.OMNIGATE_USER_ID;
      else process.env.OMNIGATE_USER_ID = saved;
    }
    const sent = gw.requests.length;
    await expect(admin().listOrgs({ userId: 'u-1' } as never)).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      field: 'options.userId',
    });
    expect(gw.requests.length).toBe(sent);
  });

  it('one casing for its parameters (the wire’s), the old spelling still taken; await using closes it', async () => {
    gw = createMockGateway();
    const a = admin();
    const org = await a.createOrg({ name: 'acme' });
    const other = await a.createOrg({ name: 'other' });
    await a.createProject({ org_id: org.id, name: 'web' });
    await a.createProject({ org_id: other.id, name: 'api' });
    expect((await a.listProjects({ org_id: org.id })).map((p) => p.name)).toEqual(['web']);
    expect((await a.listProjects({ orgId: other.id })).map((p) => p.name)).toEqual(['api']);
    let disposed: AdminClient;
    {
      await using scoped = admin();
      disposed = scoped;
      await scoped.listOrgs();
    }
    await expect(disposed.listOrgs()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('warns of its key in clear text as Client does, without a string filter: one warning, about the key on http', () => {
    const lines: string[] = [];
    const logger = { error: () => {}, warn: (m: string) => void lines.push(m), info: () => {}, debug: () => {} };
    new AdminClient({ baseURL: 'http://10.0.0.5:8000', adminKey: 'not-a-gateway-key', logger });
    expect(lines).toEqual(['omnigate: baseURL is http: to 10.0.0.5:8000, not loopback: the key travels in clear text (use https:)']);
  });
});
