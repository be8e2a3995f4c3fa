// The gateway's storage limits (test/fixtures/storage-limits.json, from fuzzing the real gateway with its database):
// the faithful mock answers each request as the gateway does, 500s included; AdminClient refuses before sending every
// body the gateway cannot store (or would store as "no limit"), naming the field and the limit; and no body the
// document allows gets a 500.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrgBody, createProjectBody } from '../../generated/admin-operations.js';
import { validate } from '../../src/core/validate.js';
import { AdminClient, InvalidArgumentError } from '../../src/index.js';
import { createMockGateway, MOCK_ADMIN_KEY, type MockGateway } from '../../src/testing.js';

interface Exchange {
  reason: string;
  route: 'POST /v1/admin/orgs' | 'POST /v1/admin/projects';
  body: Record<string, unknown>;
  status: number;
  stored?: Record<string, unknown>;
  detail_type?: string;
  refused?: { field: string; says: string };
}
const { exchanges } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/storage-limits.json'), 'utf8')) as {
  exchanges: Exchange[];
};
const cases = exchanges.map((e) => [e.reason, e] as const);

let gw: MockGateway;
let orgId: string;
let admin: AdminClient;
beforeEach(async () => {
  gw = createMockGateway();
  admin = new AdminClient({ baseURL: gw.url, fetch: gw.fetch, adminKey: MOCK_ADMIN_KEY, retries: 0 });
  orgId = (await admin.createOrg({ name: 'acme' })).id;
});
afterEach(() => gw.close());

const bodyOf = (e: Exchange) => (e.route.endsWith('projects') ? { org_id: orgId, ...e.body } : e.body);

describe('the faithful mock stores what the gateway stores, and fails where it fails', () => {
  it.each(cases)('%s', async (_reason, e) => {
    const response = await gw.fetch(`${gw.url}${e.route.split(' ')[1]}`, {
      method: 'POST',
      headers: { 'x-admin-key': MOCK_ADMIN_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(bodyOf(e)),
    });
    expect(response.status).toBe(e.status);
    if (e.status === 500) {
      // The gateway's unhandled error: plain text, no request id.
      expect(await response.text()).toBe('Internal Server Error');
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('x-request-id')).toBeNull();
    } else if (e.status === 422) {
      expect((await response.json()).detail[0]).toMatchObject({ type: e.detail_type, loc: ['body', e.refused!.field] });
    } else {
      expect(await response.json()).toMatchObject(e.stored ?? {});
    }
  });
});

describe('AdminClient refuses what the gateway cannot store, before sending, and sends the rest', () => {
  it.each(cases)('%s', async (_reason, e) => {
    const sent = gw.requests.length;
    const call = e.route.endsWith('projects')
      ? admin.createProject(bodyOf(e) as Parameters<AdminClient['createProject']>[0])
      : admin.createOrg(e.body as Parameters<AdminClient['createOrg']>[0]);
    if (!e.refused) {
      expect(await call).toMatchObject(e.stored ?? {});
      return;
    }
    const err = await call.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ field: e.refused.field });
    expect((err as Error).message).toContain(`${e.route}: ${e.refused.field}: `);
    expect((err as Error).message).toContain(e.refused.says);
    expect(gw.requests.length).toBe(sent);
  });
});

describe('the document', () => {
  it.each(cases)('allows no body the gateway answers with a 500, and every body it stores: %s', (_reason, e) => {
    const checker = e.route.endsWith('projects') ? createProjectBody : createOrgBody;
    const issues = validate({ org_id: '81fc958d-0b97-48f5-8146-ee993c84330b', ...e.body }, checker.schema);
    if (e.status === 500 || e.status === 422) expect(issues).not.toEqual([]);
    else expect(issues).toEqual([]);
  });
});
