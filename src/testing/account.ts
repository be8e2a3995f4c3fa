// The account routes: sign-up, `/v1/me`, provider keys (with Azure's checks), and gateway keys (create, list, revoke).

import type { ProviderName } from '../core/routing.js';
import { readBody, uuidKey } from './body.js';
import { checksOf, type RouteId } from './checks.js';
import type { ProjectContext, RequestContext } from './context.js';
import type { GatewayKey } from './state.js';
import { detail, fixed, internalError, invalid, iso, json, noContent } from './wire.js';

const SIGNUP_MESSAGE =
  'Save your api_key now — it cannot be retrieved later. Add a provider key via POST /v1/keys before calling /v1/chat.';

/** A body's value once the route's checks pass, or the answer refusing it: 400 (not UTF-8) or 422. */
export function bodyOf(ctx: RequestContext, route: RouteId): Record<string, unknown> | Response {
  const { value, problems } = readBody(ctx.bytes, ctx.request.headers.get('content-type'), checksOf(route).body!);
  if (problems) return invalid(problems, ctx.requestId);
  if (value === undefined) return detail(400, 'There was an error parsing the body', ctx.requestId);
  return value as Record<string, unknown>;
}

/** PostgreSQL refuses NUL in text: the gateway answers its unhandled 500. */
const hasNul = (...values: unknown[]) => values.some((v) => typeof v === 'string' && v.includes('\0'));

export function signup(ctx: RequestContext): Response {
  const body = bodyOf(ctx, 'signup');
  if (body instanceof Response) return body;
  const { email, org_name = null, project_name = 'Default' } = body as { email: string; org_name?: string | null; project_name?: string };
  if (hasNul(email, org_name, project_name)) return internalError();
  const { project, key } = ctx.state.signup(email, org_name, project_name);
  return json(201, { org_id: project.org.id, project_id: project.id, email, api_key: key, message: SIGNUP_MESSAGE }, [
    ['x-request-id', ctx.requestId],
  ]);
}

export function me(ctx: ProjectContext): Response {
  const { project } = ctx;
  return json(
    200,
    {
      project_id: project.id,
      org_id: project.org.id,
      project_name: project.name,
      key_prefix: project.keyPrefix,
      rate_limit_per_min: project.rateLimitPerMin,
      daily_budget: fixed(project.dailyBudget, 4),
      monthly_budget: fixed(project.monthlyBudget, 4),
      configured_providers: [...project.providers.keys()],
    },
    [['x-request-id', ctx.requestId]],
  );
}

export function setProviderKey(ctx: ProjectContext): Response {
  const { project } = ctx;
  const body = bodyOf(ctx, 'setProviderKey');
  if (body instanceof Response) return body;
  const provider = body.provider as ProviderName;
  const meta = (body.meta ?? null) as Record<string, unknown> | null;
  if (provider === 'azure') {
    const endpoint = meta?.endpoint;
    if (typeof endpoint !== 'string' || !endpoint.startsWith('https://')) {
      return detail(400, 'Azure provider requires meta.endpoint (an https:// URL).', ctx.requestId);
    }
    if (typeof meta?.deployment !== 'string' || !meta.deployment) {
      return detail(400, 'Azure provider requires meta.deployment (the deployment name).', ctx.requestId);
    }
  }
  ctx.state.setProviderKey(project, provider, meta);
  return noContent(ctx.requestId);
}

const keyOut = (k: GatewayKey) => ({
  id: k.id,
  name: k.name,
  key_prefix: k.prefix,
  created_at: iso(k.createdAt),
  last_used_at: k.lastUsedAt === null ? null : iso(k.lastUsedAt),
  revoked_at: k.revokedAt === null ? null : iso(k.revokedAt),
});

export function createApiKey(ctx: ProjectContext): Response {
  const { project } = ctx;
  const body = bodyOf(ctx, 'createApiKey');
  if (body instanceof Response) return body;
  if (hasNul(body.name)) return internalError();
  const { record, key } = ctx.state.createKey(project, body.name as string);
  return json(201, { ...keyOut(record), api_key: key }, [['x-request-id', ctx.requestId]]);
}

export function listApiKeys(ctx: ProjectContext): Response {
  const { project } = ctx;
  return json(200, ctx.state.namedKeys(project).map(keyOut), [['x-request-id', ctx.requestId]]);
}

export function revokeApiKey(ctx: ProjectContext): Response {
  const { project, pathParam: id } = ctx;
  const record = ctx.state.namedKeys(project).find((k) => uuidKey(k.id) === uuidKey(id));
  if (!record) return detail(404, 'API key not found', ctx.requestId);
  record.revokedAt ??= ctx.state.now();
  return noContent(ctx.requestId);
}
