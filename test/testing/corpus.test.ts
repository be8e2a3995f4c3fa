// The differential corpus (issue 25): for every operation, valid and invalid requests (test/fixtures/requests.json),
// each sent to a fresh mock and its answer compared with the gateway's: the status, and what the answer says (a 422's
// problems as type and loc, in order; else its detail or error message). Captured cases take request and answer from
// the transcripts; the rest name their source. The mock's checks are derived from the document (src/testing/checks.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../generated/routes.js';
import { createMockGateway, MOCK_ADMIN_KEY } from '../../src/testing.js';
import { type Exchange, header, OBSERVED_DIR, observedExchanges } from '../support/transcripts.js';

interface Case {
  capture?: string;
  request?: { method?: string; path?: string; query?: string; body?: unknown; headers?: Record<string, string> };
  answer?: { status: number; problems?: unknown[][]; detail?: string };
  source?: string;
}
const corpus: { operations: Record<string, Case[]> } = JSON.parse(readFileSync(join(OBSERVED_DIR, '../requests.json'), 'utf8'));
const captures = new Map(observedExchanges().map((e) => [e.at, e] as const));
/** The organisation the admin captures worked on: the requests name the mock's own instead. */
const CAPTURED_ORG = '81fc958d-0b97-48f5-8146-ee993c84330b';

/** What an answer says: a 422's problems as [type, ...loc], else its detail or its error's message. */
function says(status: number, text: string): unknown {
  let body: { detail?: unknown; error?: { message?: string } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(body?.detail)) return body.detail.map((p: { type: string; loc: unknown[] }) => [p.type, ...p.loc]);
  if (status < 300) return undefined;
  return typeof body?.detail === 'string' ? body.detail : body?.error?.message;
}

const expected = (c: Case, exchange: Exchange | undefined) =>
  exchange
    ? { status: exchange.status, says: says(exchange.status, exchange.body.toString()) }
    : { status: c.answer!.status, says: c.answer!.problems ?? c.answer!.detail };

const cases = Object.entries(corpus.operations).flatMap(([id, list]) =>
  list.map((c) => [`${id}: ${c.capture ?? `${c.request?.method ?? ''} ${JSON.stringify(c.request)}`}`, id, c] as const),
);

describe('the mock and the captured gateway answer every request of the corpus alike', () => {
  it('the corpus covers every operation with a request the gateway takes and one it refuses', () => {
    for (const route of routes) {
      const list = corpus.operations[route.id] ?? [];
      const statuses = list.map((c) => expected(c, c.capture ? captures.get(c.capture) : undefined).status);
      expect(
        statuses.some((s) => s < 300),
        `${route.id}: a request it takes`,
      ).toBe(true);
      expect(
        statuses.some((s) => s >= 400),
        `${route.id}: a request it refuses`,
      ).toBe(true);
    }
    for (const c of Object.values(corpus.operations).flat()) {
      if (c.capture) expect(captures.get(c.capture), `${c.capture} is a captured exchange`).toBeDefined();
      else expect(c.source, `${JSON.stringify(c.request)} names its source`).toMatch(/^(issue 25|inferred: .+)$/);
    }
  });

  it.each(cases)('%s', async (_name, id, c) => {
    const exchange = c.capture ? captures.get(c.capture)! : undefined;
    const route = routes.find((r) => r.id === id)!;
    if (exchange) expect(new RegExp(route.pattern).test(exchange.request!.path.split('?')[0]!), `${c.capture} is ${id}`).toBe(true);
    const at = Date.parse((exchange && header(exchange, 'date')) ?? 'Mon, 30 Nov 2026 04:15:24 GMT');
    const gw = createMockGateway({ clock: () => at });
    const send = (path: string, init: RequestInit) => gw.fetch(`${gw.url}${path}`, init);
    try {
      const admin = { 'x-admin-key': MOCK_ADMIN_KEY, 'content-type': 'application/json' };
      const org = (await (await send('/v1/admin/orgs', { method: 'POST', body: '{"name":"acme-obs"}', headers: admin })).json()).id;
      const keyed = { 'x-api-key': gw.apiKey, 'content-type': 'application/json' };
      const key = (await (await send('/v1/keys/api', { method: 'POST', body: '{"name":"second"}', headers: keyed })).json()).id;
      const fill = (text: string) => text.replaceAll(CAPTURED_ORG, org).replaceAll('$ORG', org).replaceAll('$KEY', key);
      let response: Response;
      if (exchange) {
        const { method, headers, body } = exchange.request!;
        const sent = Object.fromEntries(
          Object.entries(headers).map(([n, v]) => [n, v.replace('llmg_<key>', gw.apiKey).replace('<admin key>', MOCK_ADMIN_KEY)]),
        );
        const payload = body === 'invalid-utf8' ? new Uint8Array([0xff, 0xfe, 0x7b]) : body && fill(body);
        if (payload !== undefined && !('content-type' in sent)) sent['content-type'] = 'application/x-www-form-urlencoded';
        response = await send(fill(exchange.request!.path), { method, headers: sent, body: payload });
      } else {
        const r = c.request!;
        const method = r.method ?? route.method;
        const headers =
          r.headers ?? (route.auth === 'admin' ? admin : route.auth === 'key' ? keyed : { 'content-type': 'application/json' });
        const body = r.body === undefined || method !== route.method ? undefined : fill(JSON.stringify(r.body));
        const path = fill(r.path ?? route.pattern.slice(1, -1)) + (r.query ? `?${r.query}` : '');
        response = await send(path, { method, headers, body });
      }
      const text = await response.text();
      expect({ status: response.status, says: says(response.status, text) }).toEqual(expected(c, exchange));
    } finally {
      await gw.close();
    }
  });
});

describe('every field the document gives a body is checked by the mock, with no rule written for it', () => {
  type Field = { type?: unknown; anyOf?: Field[] };
  const takesObject = (f: Field): boolean =>
    f.type === 'object' || (Array.isArray(f.type) && f.type.includes('object')) || !!f.anyOf?.some(takesObject);
  /** A body the gateway takes, from the corpus. */
  const validBody = (id: string): string =>
    corpus.operations[id]!.flatMap((c): string[] => {
      const exchange = c.capture ? captures.get(c.capture) : undefined;
      const body = exchange ? exchange.request?.body : c.request?.body === undefined ? undefined : JSON.stringify(c.request.body);
      return body && expected(c, exchange).status < 300 ? [body] : [];
    })[0]!;
  const fields = routes
    .filter((r) => 'body' in r)
    .flatMap((r) =>
      Object.entries((r as unknown as { body: { properties: Record<string, Field> } }).body.properties).map(
        ([name, schema]) => [`${r.id}.${name}`, r, name, schema] as const,
      ),
    );
  it.each(fields)('%s: a value of the wrong kind is a 422 at its place', async (_name, route, field, schema) => {
    const gw = createMockGateway();
    try {
      const admin = { 'x-admin-key': MOCK_ADMIN_KEY, 'content-type': 'application/json' };
      const org = (await (await gw.fetch(`${gw.url}/v1/admin/orgs`, { method: 'POST', body: '{"name":"o"}', headers: admin })).json()).id;
      const body = JSON.parse(validBody(route.id).replaceAll(CAPTURED_ORG, org));
      body[field] = takesObject(schema) ? 5 : {};
      const headers = route.auth === 'admin' ? admin : { 'x-api-key': gw.apiKey, 'content-type': 'application/json' };
      const path = route.pattern.slice(1, -1);
      const response = await gw.fetch(`${gw.url}${path}`, { method: route.method, headers, body: JSON.stringify(body) });
      expect(response.status).toBe(422);
      const problems = says(422, await response.text()) as unknown[][];
      expect(
        problems.some((p) => p[1] === 'body' && p[2] === field),
        JSON.stringify(problems),
      ).toBe(true);
    } finally {
      await gw.close();
    }
  });
});
