// The mock gateway against the real one: every request captured in test/fixtures/observed (but the admin API's) is
// sent to a fresh mock set up as the captured project was, section by section, and the answers are compared: status,
// content type, the set of headers, the form of the request id, the routing and limit headers' values, the body's
// shape (keys and JSON types, all the way down), and every error's wording, word for word. Streams are compared by
// their framing: the events a compat stream sends, the sentinel and message a plain-text stream ends with.
import { describe, expect, it } from 'vitest';
import { createMockGateway, MOCK_ADMIN_KEY, type MockGatewayOptions } from '../../src/testing.js';
import { type Exchange, header, observedExchanges } from '../support/transcripts.js';

const chat = (content: string, extra: object = {}) =>
  JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });

/** The organisation the admin captures worked on: the mock makes its own, and the requests name that one instead. */
const CAPTURED_ORG = '81fc958d-0b97-48f5-8146-ee993c84330b';

/** How each section's project was set up on the real gateway, and the calls it had seen before the first captured one. */
const SETUP: Record<
  string,
  { options?: MockGatewayOptions; before?: Array<[path: string, body: string, headers?: Record<string, string>]>; org?: true }
> = {
  'admin: projects': { org: true },
  'admin: org metrics': { org: true },
  '/v1/me of an admin-made project with budgets': { options: { rateLimitPerMin: 7, dailyBudget: 5, monthlyBudget: 100.5, providers: [] } },
  '402 project daily (budget 0.0001, gpt-4 costs 0.00048)': { options: { dailyBudget: 0.0001 } },
  '402 org daily': { options: { orgDailyBudget: 0.0001 }, before: [['/v1/chat', chat('1', { model: 'gpt-4' })]] },
  'project monthly budget: success headers then 402': { options: { monthlyBudget: 0.0001 } },
  'org monthly budget: success headers then 402': { options: { orgMonthlyBudget: 0.0001 } },
  '429 rate limit (limit 2/min) on /v1/chat and /v1/chat/completions': {
    options: { rateLimitPerMin: 2 },
    before: [['/v1/chat', chat('1')]],
  },
  '429 counts invalid requests too? (422 body on limited project)': {
    options: { rateLimitPerMin: 2 },
    before: [
      ['/v1/chat', chat('1')],
      ['/v1/chat', chat('2')],
    ],
  },
  'circuit breaker: 5x fail:502 then a good call on same project': { before: Array(5).fill(['/v1/chat', chat('fail:502')]) },
  'GET /v1/metrics variants (project p3 has usage incl. x-user-id u-42, errors, cache hit)': {
    options: { providers: ['openai'] },
    before: [
      ['/v1/chat', chat('hi'), { 'x-user-id': 'u-42' }],
      ['/v1/chat', chat('hi', { model: 'llama-3-70b' })],
      ['/v1/chat', chat('hi', { model: 'claude-3-5-sonnet-latest' })],
      ['/v1/chat', chat('cacheme', { temperature: 0, cache: true })],
      ['/v1/chat', chat('cacheme', { temperature: 0, cache: true })],
    ],
  },
};

/** Captured exchanges the mock answers differently on purpose, or that the transcript does not let us replay. */
const DIFFERENT: Record<string, string> = {
  'p3.txt:96': 'the capture’s stand-in ignored fail:401 in a stream; a real provider refusal breaks the stream, as the mock does',
  'p7.txt:118': 'revokes a key (“second”) made and used off the transcript',
  'p7.txt:126': 'revokes it again',
  'p7.txt:134': 'the capture used the revoked key here; the transcript shows every key as llmg_<key>',
  'p7.txt:190': 'a named key made off the transcript revoking itself',
  'p7.txt:198': 'the same key, revoked, calling again',
};

const IGNORED_HEADERS = new Set(['date', 'server', 'content-length', 'transfer-encoding']);
const SAME_VALUE = ['x-llmgw-provider', 'x-llmgw-model', 'x-llmgw-cached', 'x-llmgw-fallback', 'x-ratelimit-limit', 'allow'];

/** The form of a request id: the caller’s own, a UUID, 32 hex characters, or a completion id. */
function idForm(id: string | undefined | null, exchange: Exchange): string {
  if (id == null) return 'none';
  if (id === exchange.request?.headers['x-request-id']) return 'the caller’s';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return 'uuid';
  if (/^[0-9a-f]{32}$/.test(id)) return 'hex';
  if (/^chatcmpl-[0-9a-f]{32}$/.test(id)) return 'completion id';
  return `other: ${id}`;
}

/** Keys and JSON types, all the way down; an array by its first item. Error wording is kept as it is. */
function shape(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0], key)] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, shape(v, k)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  }
  if (typeof value === 'string' && ['detail', 'message', 'msg', 'type'].includes(key)) return value;
  return value === null ? 'null' : typeof value;
}

/** A body as what the comparison looks at. */
function summary(type: string, body: string): unknown {
  if (type.startsWith('application/json')) return body ? shape(JSON.parse(body)) : '';
  if (type.startsWith('text/event-stream')) {
    const kinds = body
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => {
        const data = frame.slice('data: '.length);
        if (data === '[DONE]') return 'done';
        const event = JSON.parse(data);
        if (event.error) return `error: ${event.error.message}`;
        if (event.usage) return 'usage';
        const delta = event.choices[0].delta;
        return delta.role ? 'role' : delta.content !== undefined ? 'content' : `finish ${event.choices[0].finish_reason}`;
      });
    return kinds.filter((k, i) => k !== 'content' || kinds[i - 1] !== 'content');
  }
  const at = body.indexOf('\n[error] ');
  return at < 0 ? 'text' : ['text', `[error] ${body.slice(at + 9)}`];
}

const exchanges = observedExchanges().filter((e) => e.request);
const sections = [...new Set(exchanges.map((e) => `${e.at.split(':')[0]}|${e.section}`))];

describe.each(sections)('%s', (id) => {
  const [file, section] = id.split('|') as [string, string];
  const own = exchanges.filter((e) => e.at.startsWith(`${file}:`) && e.section === section);

  it('answers as the gateway did', async () => {
    const setup = SETUP[section] ?? {};
    // The mock's clock starts where the section's capture did (its first answer's Date) and runs from there, so the
    // captured dates in queries (metrics' from/to) mean what they meant that day, whatever day the test runs.
    const captured = Date.parse(header(own[0]!, 'date') ?? '');
    expect(captured, `${id}: the capture's Date header`).not.toBeNaN();
    const started = performance.now();
    const gw = createMockGateway({ ...setup.options, clock: () => captured + (performance.now() - started) });
    const send = (path: string, init: RequestInit) => gw.fetch(`${gw.url}${path}`, init);
    try {
      for (const [path, body, headers] of setup.before ?? []) {
        await send(path, { method: 'POST', body, headers: { 'x-api-key': gw.apiKey, 'content-type': 'application/json', ...headers } });
      }
      let org = CAPTURED_ORG;
      if (setup.org) {
        const made = await send('/v1/admin/orgs', {
          method: 'POST',
          body: '{"name":"acme-obs"}',
          headers: { 'x-admin-key': MOCK_ADMIN_KEY, 'content-type': 'application/json' },
        });
        org = (await made.json()).id;
      }
      for (const exchange of own) {
        const { method, headers } = exchange.request!;
        const path = exchange.request!.path.replace(CAPTURED_ORG, org);
        const body = exchange.request!.body?.replace(CAPTURED_ORG, org);
        const sent = Object.fromEntries(
          Object.entries(headers).map(([n, v]) => [n, v.replace('llmg_<key>', gw.apiKey).replace('<admin key>', MOCK_ADMIN_KEY)]),
        );
        const payload = body === 'invalid-utf8' ? new Uint8Array([0xff, 0xfe, 0x7b]) : body;
        if (payload !== undefined && !('content-type' in sent)) sent['content-type'] = 'application/x-www-form-urlencoded';
        const response = await send(path, { method, headers: sent, body: payload });
        const text = await response.text();
        const what = `${exchange.at} ${method} ${path}`;
        if (DIFFERENT[exchange.at]) continue;
        expect(response.status, what).toBe(exchange.status);
        const type = header(exchange, 'content-type') ?? '';
        expect(response.headers.get('content-type') ?? '', what).toBe(type);
        const names = (list: Iterable<[string, string]>) =>
          [...list]
            .map(([n]) => n)
            .filter((n) => !IGNORED_HEADERS.has(n))
            .sort();
        expect(names(response.headers), what).toEqual(names(exchange.headers));
        for (const name of SAME_VALUE) expect(response.headers.get(name), `${what} ${name}`).toBe(header(exchange, name) ?? null);
        expect(idForm(response.headers.get('x-request-id'), exchange), `${what} x-request-id`).toBe(
          idForm(header(exchange, 'x-request-id'), exchange),
        );
        if (!exchange.truncated) expect(summary(type, text), what).toEqual(summary(type, exchange.body.toString()));
      }
    } finally {
      await gw.close();
    }
  });
});

it('compares every captured exchange that has its request, but those it names with a reason', () => {
  const compared = exchanges.filter((e) => !DIFFERENT[e.at]);
  expect(compared.length).toBeGreaterThan(120);
  expect(Object.keys(DIFFERENT).every((at) => exchanges.some((e) => e.at === at))).toBe(true);
});
