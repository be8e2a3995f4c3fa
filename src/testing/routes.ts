// The gateway's routes: a path and method to its handler, the key check, 404 and 405 as FastAPI answers them.
import { routes } from '../../generated/routes.js';
import * as account from './account.js';
import * as admin from './admin.js';
import { card, cards } from './catalog.js';
import { chatRoute } from './chat-route.js';
import { paramProblems } from './checks.js';
import type { ProjectContext, RequestContext } from './context.js';
import { metrics } from './metrics.js';
import type { GatewayKey, GatewayState, Project } from './state.js';
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

/** The route's context with the calling project: for a route that takes the gateway key, which only a keyed call reaches. */
function keyed(ctx: RequestContext, project: Project | undefined): ProjectContext {
  if (!project) throw new Error('omnigate/testing: a keyed route was reached without a key (a bug in the mock)');
  return { ...ctx, project };
}

/** The answer of a matched, authenticated route; `project` is the calling key's, on routes that take the gateway key. */
export function handle(route: MockRoute, ctx: RequestContext, project: Project | undefined): Response {
  const { requestId } = ctx;
  const ok = (body: unknown) => json(200, body, [['x-request-id', requestId]]);
  const problems = paramProblems(route, ctx.pathParam, ctx.query);
  if (problems.length) return invalid(problems, requestId);
  switch (route) {
    case 'health':
      return ok({ status: 'ok', version: '0.2.0' });
    case 'liveness':
      return ok({ status: 'alive' });
    case 'readiness': {
      const { unready } = ctx;
      const checks = { database: 'ok', redis: 'ok' } as Record<string, string>;
      if (unready) checks[unready] = `error: ${unready} unavailable`;
      return json(unready ? 503 : 200, { status: unready ? 'not_ready' : 'ready', checks }, [['x-request-id', requestId]]);
    }
    case 'version':
      return ok({ name: 'omnigate', version: '0.2.0' });
    case 'signup':
      return account.signup(ctx);
    case 'me':
      return account.me(keyed(ctx, project));
    case 'setProviderKey':
      return account.setProviderKey(keyed(ctx, project));
    case 'createApiKey':
      return account.createApiKey(keyed(ctx, project));
    case 'listApiKeys':
      return account.listApiKeys(keyed(ctx, project));
    case 'revokeApiKey':
      return account.revokeApiKey(keyed(ctx, project));
    case 'chat':
    case 'chatCompletions':
      return chatRoute(keyed(ctx, project), route === 'chatCompletions');
    case 'listModels':
      return ok({ object: 'list', data: cards() });
    case 'getModel': {
      const found = card(ctx.pathParam);
      return found ? ok(found) : openaiError(404, `model '${ctx.pathParam}' not found`, requestId);
    }
    case 'createOrg':
      return admin.createOrg(ctx);
    case 'listOrgs':
      return admin.listOrgs(ctx);
    case 'createProject':
      return admin.createProject(ctx);
    case 'listProjects':
      return admin.listProjects(ctx);
    case 'orgMetrics':
      return admin.orgMetrics(ctx);
    case 'metrics': {
      const answer = metrics(ctx.state, keyed(ctx, project).project, ctx.query);
      return typeof answer === 'string' ? detail(422, answer, requestId) : ok(answer);
    }
  }
}
