// Every answer captured from the real gateway (test/fixtures/observed), served byte for byte from loopback, and what
// the SDK makes of it: the value it resolves to, or the typed error it raises, with status, detail and request id.
import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient, APIError, Client, type RateLimitError } from '../../src/index.js';
import { type ReplayServer, replay } from '../support/replay.js';
import { collect } from '../support/server.js';
import { type Exchange, header, observedExchanges, requestJson } from '../support/transcripts.js';

const KEY = 'llmg_ReplayKeyReplayKeyReplayKeyReplayKeyReplay000';
const UUID = 'f6240e7a-18f6-4321-add0-6326e9475e3f';

/** What the error answers become: each detail the gateway was seen to send, and its class. */
const errorClasses: Array<[RegExp | string, string]> = [
  ['Missing x-api-key header (or Authorization: Bearer token)', 'AuthError'],
  ['Invalid API key', 'AuthError'],
  ['Invalid or missing x-admin-key', 'AuthError'],
  ['Organisation not found', 'APIError'],
  ['There was an error parsing the body', 'APIError'],
  [/^body(\.|: )|^path\.|^query\./, 'APIError'], // FastAPI's 422 lists, joined
  // A provider's name first: the Python client's rule, kept for parity, so Azure's meta checks are ProviderErrors too.
  [/^Azure provider requires meta\./, 'ProviderError'],
  [/^OpenAI error 401: /, 'ProviderError'],
  ['OpenAI request failed: ConnectError', 'ProviderError'],
  [/^No provider registered for model /, 'UnknownModelError'], // a typo in a model name is not a provider failure
  [/^No (anthropic|azure|gemini) key configured for this project/, 'ProviderError'],
  ['No provider candidate could handle the request', 'ProviderError'],
  ['openai circuit is open', 'ProviderError'],
  [/^(Project|Organisation) (daily|monthly) budget exceeded$/, 'BudgetExceededError'],
  ['Rate limit exceeded', 'RateLimitError'],
  [/^role '\w+' not supported$/, 'APIError'],
  ['multimodal not supported', 'APIError'],
  ['n > 1 is not supported', 'APIError'],
  [/^model '.*' not found$/, 'UnknownModelError'],
  ['API key not found', 'APIError'],
  ['Internal Server Error', 'APIError'],
  [/^invalid (range|group_by|granularity)/, 'APIError'],
  [/^'(from|to|range)' /, 'APIError'],
  [/^Invalid isoformat string/, 'APIError'],
  ['Method Not Allowed', 'APIError'],
  ['Not Found', 'APIError'],
];

/** The detail the SDK should read from a captured error body: FastAPI's string or list, OpenAI's message, or the text. */
function expectedDetail(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  const { detail, error } = value as { detail?: unknown; error?: { message: string } };
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.map((d: { loc: unknown[]; msg: string }) => `${d.loc.join('.')}: ${d.msg}`).join('; ');
  return error!.message;
}

function classFor(detail: string): string {
  const found = errorClasses.find(([pattern]) => (typeof pattern === 'string' ? pattern === detail : pattern.test(detail)));
  if (!found) throw new Error(`no expected class for the captured detail ${JSON.stringify(detail)}: add it to errorClasses`);
  return found[1];
}

type Outcome = { value: unknown; items?: undefined } | { items: unknown[]; error?: unknown };
type Call = (client: Client, e: Exchange, admin: AdminClient) => Promise<Outcome>;

const json = (p: Promise<unknown>): Promise<Outcome> => p.then((value) => ({ value }));
const stream = (iterable: AsyncIterable<unknown>): Promise<Outcome> => collect(iterable);
const wantsStream = (e: Exchange) => (requestJson(e) as { stream?: unknown } | undefined)?.stream === true;
const hi = { model: 'gpt-4o-mini', messages: 'hi' };
const compat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

/** The SDK call that sends each captured request's route: a valid one, since what is under test is the answer. */
function callFor(e: Exchange): Call | undefined {
  if (e.section.startsWith('/v1/chat stream failure sentinel')) return (c) => stream(c.chatStream(hi));
  if (!e.request) return undefined;
  const { method, path } = e.request;
  const route = `${method} ${path.split('?')[0]}`;
  if (route === 'GET /health') return (c) => json(c.health());
  if (route === 'GET /health/live') return (c) => json(c.liveness());
  if (route === 'GET /health/ready') return (c) => json(c.readiness());
  if (route === 'GET /version') return (c) => json(c.version());
  if (route === 'GET /v1/me') return (c) => json(c.me());
  if (route === 'POST /v1/signup') return (c) => json(c.signup({ email: 'a@b' }));
  if (route === 'POST /v1/keys') return (c) => json(c.setProviderKey({ provider: 'openai', api_key: 'sk-12345678' }));
  if (route === 'POST /v1/keys/api') return (c) => json(c.createApiKey({ name: 'ci' }));
  if (route === 'GET /v1/keys/api') return (c) => json(c.listApiKeys());
  if (route.startsWith('DELETE /v1/keys/api/')) return (c) => json(c.revokeApiKey(UUID));
  if (route === 'POST /v1/chat') return (c, x) => (wantsStream(x) ? stream(c.chatStream(hi)) : json(c.chat(hi)));
  if (route === 'POST /v1/chat/completions')
    return (c, x) => (wantsStream(x) ? stream(c.completionsStream(compat)) : json(c.completions(compat)));
  if (route === 'GET /v1/models') return (c) => json(c.models());
  if (route.startsWith('GET /v1/models/')) return (c) => json(c.model('gpt-9'));
  if (route === 'GET /v1/metrics') return (c) => json(c.metrics({ range: '24h' }));
  if (route === 'POST /v1/admin/orgs') return (_c, _e, a) => json(a.createOrg({ name: 'acme-obs' }));
  if (route === 'GET /v1/admin/orgs') return (_c, _e, a) => json(a.listOrgs());
  // A new project's key is readable but not enumerable: put it back to compare with the captured body.
  if (route === 'POST /v1/admin/projects')
    return (_c, _e, a) => json(a.createProject({ org_id: UUID, name: 'svc' }).then((p) => ({ ...p, api_key: p.api_key })));
  if (route === 'GET /v1/admin/projects') return (_c, _e, a) => json(a.listProjects({ orgId: UUID }));
  if (/^GET \/v1\/admin\/orgs\/[^/]+\/metrics$/.test(route)) return (_c, _e, a) => json(a.orgMetrics(UUID, { range: '24h' }));
  return undefined;
}

/** Captured exchanges no SDK call reaches: routes outside the document. */
const unreachable = [
  'GET /v1/keys', // 405
  'DELETE /v1/keys', // 405
  'GET /v1/nope', // an unknown route
  'OPTIONS /v1/chat', // CORS preflight: 405
];

const exchanges = observedExchanges();
let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(e: Exchange): Promise<Outcome> {
  server = await replay(e);
  const client = new Client({ baseURL: server.url, apiKey: KEY, retries: 0, logLevel: 'off' });
  const admin = new AdminClient({ baseURL: server.url, adminKey: 'admin-ReplayKey', retries: 0, logLevel: 'off' });
  return callFor(e)!(client, e, admin);
}

describe('the transcripts', () => {
  it('were all read: 165 exchanges, only the three the capture cut short not byte-exact', () => {
    expect(exchanges).toHaveLength(165);
    expect(exchanges.filter((e) => e.truncated).map((e) => e.section)).toEqual([
      '/v1/models (first 600 chars) and count',
      'misc: unknown route, prometheus /metrics content-type, OPTIONS',
      'admin: list orgs (first 400 chars of body)',
    ]);
  });

  it('every exchange is replayed below, or listed as out of the SDK’s reach', () => {
    const rest = exchanges.filter((e) => !callFor(e) && !e.truncated);
    expect([...new Set(rest.map((e) => `${e.request?.method} ${e.request?.path}`))].sort()).toEqual([...unreachable].sort());
  });
});

const replayed = exchanges.filter((e) => callFor(e) && !e.truncated);
const label = (e: Exchange) => `${e.at} ${e.request ? `${e.request.method} ${e.request.path}` : e.section} → ${e.status}`;

describe('successful answers resolve to the captured body', () => {
  const ok = replayed.filter((e) => e.status < 300 && !header(e, 'content-type')?.startsWith('text/'));
  it.each(ok.map((e) => [label(e), e] as const))('%s', async (_l, e) => {
    const outcome = await run(e);
    expect(outcome.items).toBeUndefined();
    const expected = e.body.length ? JSON.parse(e.body.toString()) : undefined;
    const isList = e.request?.path === '/v1/models';
    expect((outcome as { value: unknown }).value).toEqual(isList ? expected.data : expected);
  });

  it('metadata is read from the captured headers', async () => {
    const e = replayed.find((x) => x.request?.headers['x-request-id'] === 'caller-rid-1')!;
    server = await replay(e);
    const client = new Client({ baseURL: server.url, apiKey: KEY, retries: 0 });
    const { meta } = await client.chat(hi).withResponse();
    expect(meta).toMatchObject({
      status: 200,
      requestId: '40215ab6-0afa-4cc2-8173-919236ae33df',
      provider: 'openai',
      model: 'gpt-4o-mini',
      cached: false,
      fallback: false,
      rateLimit: { limit: 60, remaining: 59, reset: 22 },
      budget: { projectDailySpend: '0.000000', projectDailyLimit: '0.0000', orgDailySpend: '0.000000', orgDailyLimit: '0.0000' },
    });
  });
});

describe('streams yield the captured text and chunks, and raise the captured failures', () => {
  const streams = replayed.filter((e) => header(e, 'content-type')?.startsWith('text/') && e.status === 200);

  it('covers both formats, each with a failure', () => {
    const types = streams.map(
      (e) => `${header(e, 'content-type')} ${e.body.includes('[error] ') || e.body.includes('"error":{') ? 'fails' : 'ends'}`,
    );
    expect(new Set(types)).toEqual(
      new Set([
        'text/plain; charset=utf-8 ends',
        'text/plain; charset=utf-8 fails',
        'text/event-stream; charset=utf-8 ends',
        'text/event-stream; charset=utf-8 fails',
      ]),
    );
  });

  it.each(streams.map((e) => [label(e), e] as const))('%s', async (_l, e) => {
    const { items, error } = (await run(e)) as { items: unknown[]; error?: unknown };
    const text = e.body.toString();
    if (header(e, 'content-type')!.startsWith('text/plain')) {
      const at = text.indexOf('\n[error] ');
      expect(items.join('')).toBe(at < 0 ? text : text.slice(0, at));
      if (at < 0) expect(error).toBeUndefined();
      else {
        expect(error).toMatchObject({ name: 'ProviderError', statusCode: 502, requestId: header(e, 'x-request-id') });
        expect((error as APIError).detail).toBe(text.slice(at + '\n[error] '.length));
      }
      return;
    }
    const frames = text
      .split('\n\n')
      .filter(Boolean)
      .map((f) => f.slice('data: '.length));
    const failure = frames.map((f) => (f === '[DONE]' ? undefined : JSON.parse(f))).find((f) => f?.error);
    const chunks = frames.slice(0, failure ? frames.findIndex((f) => f.includes('"error":{')) : -1).map((f) => JSON.parse(f));
    expect(items).toEqual(chunks);
    if (!failure) expect(error).toBeUndefined();
    else expect(error).toMatchObject({ name: 'ProviderError', statusCode: 502, detail: failure.error.message });
  });
});

describe('error answers raise the typed error, with status, detail and request id', () => {
  const errors = replayed.filter((e) => e.status >= 400);
  it.each(errors.map((e) => [label(e), e] as const))('%s', async (_l, e) => {
    const outcome = await run(e).catch((err: unknown) => ({ thrown: err }));
    const err = 'thrown' in outcome ? outcome.thrown : (outcome as { error?: unknown }).error;
    const detail = expectedDetail(e.body.toString());
    expect(err).toBeInstanceOf(APIError);
    expect(err).toMatchObject({ name: classFor(detail), statusCode: e.status, detail, requestId: header(e, 'x-request-id') ?? null });
    // The request as sent: its method and the whole URL, so a 404 from a wrong baseURL can be read off the error.
    const [method, path] = server!.requests[0]!.split(' ');
    expect(err).toMatchObject({ method, url: `${server!.url}${path}` });
    if (e.status === 429) expect((err as RateLimitError).retryAfter).toBe(Number(header(e, 'retry-after')));
    expect(server!.requests).toHaveLength(1);
  });
});
