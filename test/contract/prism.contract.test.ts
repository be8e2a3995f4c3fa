// Every operation of openapi/omnigate.yaml, called through the generated bindings against Prism's mock.
import { describe, expect, inject, it } from 'vitest';
import { documentedExamples, operations } from '../support/spec.js';
import { ADMIN_KEY, bindings, invalidBodies, isAdmin, KEY, validCalls } from './operations.js';

const baseUrl = inject('prismUrl');
const examples = documentedExamples();

function parseAsFor(mediaType: string): 'json' | 'text' {
  return mediaType.startsWith('text/') ? 'text' : 'json';
}

function expectNoViolations(response: Response) {
  expect(response.headers.get('sl-violations'), 'Prism reported the request as invalid').toBeNull();
}

describe('the document', () => {
  it('has a valid call in these tests for every operation', () => {
    expect(
      operations()
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(Object.keys(validCalls).sort());
  });

  it('documents an example for every response of every operation', () => {
    for (const { operationId, op } of operations()) {
      for (const status of Object.keys(op.responses)) {
        expect(
          examples.some((e) => e.operationId === operationId && e.status === status),
          `${operationId} ${status}`,
        ).toBe(true);
      }
    }
  });

  it('documents 401 on every secured operation and a 422 on every operation with a body', () => {
    for (const { operationId, op } of operations()) {
      const secured = !(Array.isArray(op.security) && op.security.length === 0);
      if (secured) expect(op.responses['401'], operationId).toBeDefined();
      if (op.requestBody) expect(op.responses['422'], operationId).toBeDefined();
    }
  });
});

describe('Prism serves every documented answer', () => {
  const cases = examples.filter((e) => e.status !== 'default');
  it.each(cases.map((e) => [`${e.operationId} ${e.status} ${e.mediaType || '(no body)'} ${e.name ?? ''}`.trim(), e] as const))(
    '%s',
    async (_label, ex) => {
      const headers: Record<string, string> = { Prefer: `code=${ex.status}${ex.name ? `, example=${ex.name}` : ''}` };
      if (ex.mediaType) headers.Accept = ex.mediaType;
      const { data, error, response } = await validCalls[ex.operationId]!(bindings(baseUrl), headers, parseAsFor(ex.mediaType));
      expectNoViolations(response);
      expect(response.status).toBe(Number(ex.status));
      if (ex.mediaType) expect(response.headers.get('content-type')).toContain(ex.mediaType);
      expect(response.ok ? data : error).toEqual(ex.value);
      for (const [name, value] of Object.entries(ex.headers)) {
        expect(response.headers.get(name), `header ${name}`).toBe(String(value));
      }
    },
  );

  const defaults = examples.filter((e) => e.status === 'default');
  it.each(defaults.flatMap((e) => [500, 504].map((code) => [`${e.operationId} default as ${code}`, e, code] as const)))(
    '%s (a provider status passed through)',
    async (_label, ex, code) => {
      const { error, response } = await validCalls[ex.operationId]!(bindings(baseUrl), { Prefer: `code=${code}` }, 'json');
      expectNoViolations(response);
      expect(response.status).toBe(code);
      expect(error).toEqual(ex.value);
    },
  );

  it('answers a valid call with its first documented success', async () => {
    for (const { operationId, op } of operations()) {
      const success = Object.keys(op.responses).find((s) => s.startsWith('2'))!;
      const first = examples.find((e) => e.operationId === operationId && e.status === success)!;
      const { data, response } = await validCalls[operationId]!(bindings(baseUrl), {}, 'json');
      expectNoViolations(response);
      expect(response.status, operationId).toBe(Number(success));
      expect(data, operationId).toEqual(first.value);
    }
  });
});

describe('Prism enforces the document', () => {
  const secured = operations().filter(({ op }) => !(Array.isArray(op.security) && op.security.length === 0));

  it.each(secured.map((o) => [o.operationId] as const))('%s without a key answers the documented 401', async (operationId) => {
    const { error, response } = await validCalls[operationId]!(bindings(baseUrl, false), {}, 'json');
    expect(response.status).toBe(401);
    const documented = examples.filter((e) => e.operationId === operationId && e.status === '401').map((e) => e.value);
    expect(documented).toContainEqual(error);
  });

  const gatewayKeyed = secured.filter(({ op }) => !isAdmin(op));
  it.each(gatewayKeyed.map((o) => [o.operationId] as const))('%s accepts the key as a bearer token', async (operationId) => {
    const { response } = await validCalls[operationId]!(bindings(baseUrl, false), { Authorization: `Bearer ${KEY}` }, 'json');
    expectNoViolations(response);
    expect(response.status).toBeLessThan(300);
  });

  it.each(Object.entries(invalidBodies))('%s with an invalid body answers the documented 422', async (operationId, { path, body }) => {
    const response = await fetch(baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'x-admin-key': ADMIN_KEY },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(422);
    const documented = examples.filter((e) => e.operationId === operationId && e.status === '422').map((e) => e.value);
    expect(documented).toContainEqual(await response.json());
  });

  it('the admin API takes the admin key, and only it', () => {
    expect(
      secured
        .filter(({ op }) => isAdmin(op))
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(['createOrg', 'createProject', 'listOrgs', 'listProjects', 'orgMetrics']);
    for (const { op } of secured.filter(({ op }) => isAdmin(op))) expect(op.security).toEqual([{ AdminKey: [] }]);
  });

  it('public operations need no key', async () => {
    const securedIds = new Set(secured.map((o) => o.operationId));
    const publicIds = operations()
      .map((o) => o.operationId)
      .filter((id) => !securedIds.has(id));
    expect(publicIds.sort()).toEqual(['health', 'liveness', 'readiness', 'signup', 'version']);
    for (const operationId of publicIds) {
      const { response } = await validCalls[operationId]!(bindings(baseUrl, false), {}, 'json');
      expectNoViolations(response);
      expect(response.status, operationId).toBeLessThan(300);
    }
  });
});
