// The gateway's routes: a path and method to its handler, the key check, 404 and 405 as FastAPI answers them.
import { routes } from '../../generated/routes.js';
import * as account from './account.js';
import * as admin from './admin.js';
import { card, cards } from './catalog.js';
import type { ChatEnv } from './chat.js';
import { type ChatRouteContext, chatRoute } from './chat-route.js';
import { paramProblems } from './checks.js';
import { metrics } from './metrics.js';
import type { GatewayKey, GatewayState } from './state.js';
import { detail, invalid, json, openaiError } from './wire.js';

/** A route, by the document's operation id: what `failNext` takes. Derived from the document (generated/routes.ts). */
export type MockRoute = (typeof routes)[number]['id'];

export const ROUTES: readonly MockRoute[] = routes.map((r) => r.id);

interface Route {
  method: string;
  path: RegExp;
  op: MockRoute;
  /** Public routes take no key. */
  open?: boolean;
  /** The admin API takes the admin key. */
  admin?: boolean;
}

// The document says each route's method, path and key: a new operation gets its route here with no hand edit (and the
// compiler asks for its answer in `handle`).
const TABLE: Route[] = routes.map((r) => ({
  method: r.method,
  path: new RegExp(r.pattern),
  op: r.id,
  open: r.auth === 'none',
  admin: r.auth === 'admin',
}));

/** The route a request is for; a 404 or 405 answer when there is none. */
export function match(method: string, path: string, requestId: string): { route: Route; param: string } | Response {
  const found = TABLE.map((route) => ({ route, m: route.path.exec(path) })).filter((x) => x.m);
  const hit = found.find((x) => x.route.method === method);
  if (hit) return { route: hit.route, param: decodeURIComponent(hit.m![1] ?? '') };
  if (found.length === 0) return detail(404, 'Not Found', requestId);
  const allow = found.map((x) => x.route.method).join(', ');
  return detail(405, 'Method Not Allowed', requestId, [['allow', allow]]);
}

/** The key a request carries: `x-api-key`, else a bearer token (the scheme in any case); '' for none. */
export function keyOf(request: Request): string {
  const header = request.headers.get('x-api-key');
  if (header) return header;
  const auth = /^bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
  return auth?.[1]?.trim() ?? '';
}

/** The admin key's check: nothing when it is right, else the 401. */
export function authenticateAdmin(adminKey: string, request: Request, requestId: string): Response | undefined {
  if (request.headers.get('x-admin-key') !== adminKey) return detail(401, 'Invalid or missing x-admin-key', requestId);
}

/** The key's record, or the 401. */
export function authenticate(state: GatewayState, request: Request, requestId: string): GatewayKey | Response {
  const key = keyOf(request);
  if (!key) return detail(401, 'Missing x-api-key header (or Authorization: Bearer token)', requestId);
  return state.authenticate(key) ?? detail(401, 'Invalid API key', requestId);
}

export interface Handling extends Omit<ChatRouteContext, 'env'> {
  state: GatewayState;
  route: Route;
  param: string;
  key: GatewayKey | undefined;
  env: () => ChatEnv;
  unready: string | undefined;
}

/** The answer of a matched, authenticated route. */
export function handle(h: Handling): Response {
  const { requestId } = h;
  const project = h.key?.project;
  const call = { request: h.request, bytes: h.bytes, requestId, state: h.state };
  const ok = (body: unknown) => json(200, body, [['x-request-id', requestId]]);
  const problems = paramProblems(h.route.op, h.param, new URL(h.request.url).searchParams);
  if (problems.length) return invalid(problems, requestId);
  switch (h.route.op) {
    case 'health':
      return ok({ status: 'ok', version: '0.2.0' });
    case 'liveness':
      return ok({ status: 'alive' });
    case 'readiness': {
      const checks = { database: 'ok', redis: 'ok' } as Record<string, string>;
      if (h.unready) checks[h.unready] = `error: ${h.unready} unavailable`;
      return json(h.unready ? 503 : 200, { status: h.unready ? 'not_ready' : 'ready', checks }, [['x-request-id', requestId]]);
    }
    case 'version':
      return ok({ name: 'omnigate', version: '0.2.0' });
    case 'signup':
      return account.signup(call);
    case 'me':
      return account.me(call, project!);
    case 'setProviderKey':
      return account.setProviderKey(call, project!);
    case 'createApiKey':
      return account.createApiKey(call, project!);
    case 'listApiKeys':
      return account.listApiKeys(call, project!);
    case 'revokeApiKey':
      return account.revokeApiKey(call, project!, h.param);
    case 'chat':
    case 'chatCompletions':
      return chatRoute({ ...h, env: h.env() }, h.route.op === 'chatCompletions');
    case 'listModels':
      return ok({ object: 'list', data: cards() });
    case 'getModel': {
      const found = card(h.param);
      return found ? ok(found) : openaiError(404, `model '${h.param}' not found`, requestId);
    }
    case 'createOrg':
      return admin.createOrg(call);
    case 'listOrgs':
      return admin.listOrgs(call);
    case 'createProject':
      return admin.createProject(call);
    case 'listProjects':
      return admin.listProjects(call, new URL(h.request.url).searchParams);
    case 'orgMetrics':
      return admin.orgMetrics(call, h.param, new URL(h.request.url).searchParams);
    case 'metrics': {
      const answer = metrics(h.state, project!, new URL(h.request.url).searchParams);
      return typeof answer === 'string' ? detail(422, answer, requestId) : ok(answer);
    }
  }
}
