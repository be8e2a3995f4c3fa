// The mock's routes are the document's: every operation is routed by its method and path, and asks for the key the
// document says (none, the gateway key, the admin key), with no route table written by hand (generated/routes.ts).
import { describe, expect, it } from 'vitest';
import { routes } from '../../generated/routes.js';
import { createMockGateway, MOCK_ADMIN_KEY } from '../../src/testing.js';
import { operations } from '../support/spec.js';

describe('the mock routes every operation of the document, as the document says', () => {
  it('one route per operation, by its id, method and the key it takes', () => {
    const documented = operations().map(({ operationId, method, op }) => ({
      id: operationId,
      method: method.toUpperCase(),
      auth: Array.isArray(op.security) && op.security.length === 0 ? 'none' : op.tags?.includes('admin') ? 'admin' : 'key',
    }));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(routes.map(({ id, method, auth }) => ({ id, method, auth })).sort(byId)).toEqual(documented.sort(byId));
  });

  it.each(operations().map((o) => [o.operationId, o] as const))('%s: reached, and refused without its key', async (_id, o) => {
    const gw = createMockGateway();
    try {
      const path = o.path.replace(/\{\w+\}/g, o.path.includes('models') ? 'gpt-4o' : '00000000-0000-4000-8000-000000000000');
      const route = routes.find((r) => r.id === o.operationId)!;
      const send = (headers: Record<string, string>) => gw.fetch(`${gw.url}${path}`, { method: o.method.toUpperCase(), headers });
      const keyed = await send(route.auth === 'admin' ? { 'x-admin-key': MOCK_ADMIN_KEY } : { 'x-api-key': gw.apiKey });
      const answer = await keyed.text();
      expect(answer, 'routed, not Not Found').not.toContain('"Not Found"');
      expect(keyed.status, 'routed, not Method Not Allowed').not.toBe(405);
      const bare = await send({});
      if (route.auth === 'none') expect(bare.status).not.toBe(401);
      else expect(bare.status).toBe(401);
    } finally {
      await gw.close();
    }
  });
});

describe('two rules the document states, answered as the captured gateway does', () => {
  const compat = (body: object) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...body });
  it.each([
    ['max_completion_tokens: 0', compat({ max_completion_tokens: 0 }), [['body', 'max_completion_tokens']]],
    [
      'a message content that is a number',
      compat({ messages: [{ role: 'user', content: 5 }] }),
      [
        ['body', 'messages', 0, 'content', 'str'],
        ['body', 'messages', 0, 'content', 'list[any]'],
      ],
    ],
  ])('%s: a 422 naming it', async (_label, body, locs) => {
    const gw = createMockGateway();
    try {
      const response = await gw.fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-api-key': gw.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(422);
      expect((await response.json()).detail.map((d: { loc: unknown }) => d.loc)).toEqual(locs);
    } finally {
      await gw.close();
    }
  });
});
