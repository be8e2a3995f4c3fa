// Keys stay where they belong: the client never follows a redirect to another origin (fetch would carry x-api-key
// there), follows a same-origin one with its method and body, and refuses what it cannot inspect.
import { describe, expect, it } from 'vitest';
import { createFetchClient } from '../../src/fetch.js';
import { AdminClient, Client, RedirectError } from '../../src/index.js';
import { chatAnswer, collect, hi, json, serverPerTest, startServer } from '../support/server.js';

const serve = serverPerTest();
const KEY = 'llmg_RedirectKeyRedirectKeyRedirectKeyRedirectKey00';

describe('a redirect to another origin is refused, and the other origin receives nothing', () => {
  it.each([301, 302, 303, 307, 308])('%i', async (status) => {
    const other = await startServer((_req, res) => json(res, 200, chatAnswer));
    try {
      const gateway = await serve((_req, res) => {
        res.writeHead(status, { location: `${other.url}/v1/chat?steal=1`, 'x-request-id': 'r-307' });
        res.end();
      });
      const client = new Client({ baseURL: gateway.url, apiKey: KEY, logLevel: 'off' });
      const err = await client.chat(hi).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedirectError);
      expect(err).toMatchObject({ statusCode: status, target: other.url, requestId: 'r-307' });
      expect((err as Error).message).toBe(`POST /v1/chat: ${status} refused a redirect to ${other.url} (request r-307)`);
      expect(JSON.stringify(err)).not.toContain(KEY);
      expect(other.requests).toEqual([]);
      expect(gateway.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('AdminClient obeys the same rule: the admin key never reaches another origin, nor an error', async () => {
    const other = await startServer((_req, res) => json(res, 200, []));
    try {
      const gateway = await serve((_req, res) => {
        res.writeHead(307, { location: `${other.url}/v1/admin/orgs` });
        res.end();
      });
      const adminKey = 'admin-RedirectAdminKey-0001';
      const err = await new AdminClient({ baseURL: gateway.url, adminKey, logLevel: 'off' }).listOrgs().catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'RedirectError', statusCode: 307, target: other.url });
      expect(JSON.stringify(err)).not.toContain(adminKey);
      expect(other.requests).toEqual([]);
      expect(gateway.requests[0]!.headers['x-admin-key']).toBe(adminKey);
    } finally {
      await other.close();
    }
  });

  it('another port on the same host is another origin', async () => {
    const other = await startServer((_req, res) => json(res, 200, chatAnswer));
    try {
      const gateway = await serve((_req, res) => {
        res.writeHead(307, { location: other.url.replace('127.0.0.1', 'localhost') });
        res.end();
      });
      const err = await new Client({ baseURL: gateway.url, apiKey: KEY }).me().catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'RedirectError', target: other.url.replace('127.0.0.1', 'localhost') });
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('the same host and port over another scheme is another origin', async () => {
    const gateway = await serve((_req, res) => {
      res.writeHead(308, { location: '/v1/me'.replace(/^/, `https://${new URL(gateway.url).host}`) });
      res.end();
    });
    const err = await new Client({ baseURL: gateway.url, apiKey: KEY }).me().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RedirectError', target: `https://${new URL(gateway.url).host}` });
  });

  it('streams and omnigate/fetch obey the same rule', async () => {
    const other = await startServer((_req, res) => json(res, 200, chatAnswer));
    try {
      const gateway = await serve((_req, res) => {
        res.writeHead(307, { location: `${other.url}/x` });
        res.end();
      });
      const client = new Client({ baseURL: gateway.url, apiKey: KEY });
      expect((await collect(client.chatStream(hi))).error).toBeInstanceOf(RedirectError);
      expect((await collect(client.completionsStream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }))).error).toBeInstanceOf(
        RedirectError,
      );
      expect(
        await createFetchClient(client)
          .GET('/v1/me')
          .catch((e: unknown) => e),
      ).toBeInstanceOf(RedirectError);
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('a redirect to the same origin is followed', () => {
  it.each([301, 302, 307, 308])('%i: with the method, the body and the key kept', async (status) => {
    const gateway = await serve((req, res) => {
      if (req.url === '/v1/chat') {
        res.writeHead(status, { location: '/v1/chat/' });
        return void res.end();
      }
      json(res, 200, chatAnswer);
    });
    const client = new Client({ baseURL: gateway.url, apiKey: KEY });
    expect(await client.chat(hi)).toEqual(chatAnswer);
    const [first, second] = gateway.requests;
    expect(second).toMatchObject({ method: 'POST', url: '/v1/chat/', body: first!.body });
    expect(second!.headers['x-api-key']).toBe(KEY);
  });

  it('303: as a GET without a body, as its status says', async () => {
    const created = {
      id: '6b9e913f-c3e4-4cbd-b22d-fdac8488a528',
      name: 'ci',
      key_prefix: 'llmg_Z7d3CvS',
      created_at: '2026-11-30T04:16:42.633445Z',
      last_used_at: null,
      revoked_at: null,
      api_key: KEY,
    };
    const gateway = await serve((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(303, { location: '/v1/keys/api' });
        return void res.end();
      }
      json(res, 201, created);
    });
    expect(await new Client({ baseURL: gateway.url, apiKey: KEY }).createApiKey({ name: 'ci' })).toEqual(created);
    expect(gateway.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', '{"name":"ci"}'],
      ['GET', ''],
    ]);
  });

  it('a loop ends in RedirectError, without retries', async () => {
    const gateway = await serve((_req, res) => {
      res.writeHead(307, { location: '/v1/me' });
      res.end();
    });
    const err = await new Client({ baseURL: gateway.url, apiKey: KEY }).me().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RedirectError', statusCode: 307, target: gateway.url });
    expect((err as Error).message).toContain('(too many)');
    expect(gateway.requests).toHaveLength(11);
  });
});

describe('a redirect whose target is hidden is refused, not followed blind', () => {
  it("a browser's opaque redirect", async () => {
    // What a browser's fetch gives for redirect: 'manual': status 0, type opaqueredirect, no headers.
    const opaque = Object.assign(new Response(null, { status: 200 }), {});
    Object.defineProperties(opaque, { type: { value: 'opaqueredirect' }, status: { value: 0 } });
    let calls = 0;
    const fetch = async () => {
      calls++;
      return opaque;
    };
    const client = new Client({ baseURL: 'https://gw.example.com', apiKey: KEY, fetch });
    const err = await client.me().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RedirectError', statusCode: 0, target: null });
    expect((err as Error).message).toBe('GET /v1/me: 0 refused a redirect to a target the runtime hides');
    expect(calls).toBe(1);
  });
});
