// The account routes: sign-up, `/v1/me`, provider keys (with Azure's checks), and gateway keys (create, list, revoke).

import type { ProviderName } from '../core/routing.js';
import { readBody, uuidKey } from './body.js';
import { checksOf } from './checks.js';
import type { GatewayKey, GatewayState, Project } from './state.js';
import { detail, fixed, internalError, invalid, iso, json, noContent } from './wire.js';

const SIGNUP_MESSAGE =
  'Save your api_key now — it cannot be retrieved later. Add a provider key via POST /v1/keys before calling /v1/chat.';

export interface Call {
  request: Request;
  bytes: Uint8Array;
  requestId: string;
  state: GatewayState;
}

/** A body's value, or the answer refusing it: 400 (not UTF-8) or 422. */
export function bodyOf(call: Call, rule: Parameters<typeof readBody>[2]): Record<string, unknown> | Response {
  const { value, problems } = readBody(call.bytes, call.request.headers.get('content-type'), rule);
  if (problems) return invalid(problems, call.requestId);
  if (value === undefined) return detail(400, 'There was an error parsing the body', call.requestId);
  return value as Record<string, unknown>;
}

/** PostgreSQL refuses NUL in text: the gateway answers its unhandled 500. */
const hasNul = (...values: unknown[]) => values.some((v) => typeof v === 'string' && v.includes('\0'));

export function signup(call: Call): Response {
  const body = bodyOf(call, checksOf('signup').body!);
  if (body instanceof Response) return body;
  const { email, org_name = null, project_name = 'Default' } = body as { email: string; org_name?: string | null; project_name?: string };
  if (hasNul(email, org_name, project_name)) return internalError();
  const { project, key } = call.state.signup(email, org_name, project_name);
  return json(201, { org_id: project.org.id, project_id: project.id, email, api_key: key, message: SIGNUP_MESSAGE }, [
    ['x-request-id', call.requestId],
  ]);
}

export function me(call: Call, project: Project): Response {
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
    [['x-request-id', call.requestId]],
  );
}

export function setProviderKey(call: Call, project: Project): Response {
  const body = bodyOf(call, checksOf('setProviderKey').body!);
  if (body instanceof Response) return body;
  const provider = body.provider as ProviderName;
  const meta = (body.meta ?? null) as Record<string, unknown> | null;
  if (provider === 'azure') {
    const endpoint = meta?.endpoint;
    if (typeof endpoint !== 'string' || !endpoint.startsWith('https://')) {
      return detail(400, 'Azure provider requires meta.endpoint (an https:// URL).', call.requestId);
    }
    if (typeof meta?.deployment !== 'string' || !meta.deployment) {
      return detail(400, 'Azure provider requires meta.deployment (the deployment name).', call.requestId);
    }
  }
  project.providers.set(provider, meta);
  return noContent(call.requestId);
}

const keyOut = (k: GatewayKey) => ({
  id: k.id,
  name: k.name,
  key_prefix: k.prefix,
  created_at: iso(k.createdAt),
  last_used_at: k.lastUsedAt === null ? null : iso(k.lastUsedAt),
  revoked_at: k.revokedAt === null ? null : iso(k.revokedAt),
});

export function createApiKey(call: Call, project: Project): Response {
  const body = bodyOf(call, checksOf('createApiKey').body!);
  if (body instanceof Response) return body;
  if (hasNul(body.name)) return internalError();
  const { record, key } = call.state.createKey(project, body.name as string);
  return json(201, { ...keyOut(record), api_key: key }, [['x-request-id', call.requestId]]);
}

export function listApiKeys(call: Call, project: Project): Response {
  return json(200, call.state.namedKeys(project).map(keyOut), [['x-request-id', call.requestId]]);
}

export function revokeApiKey(call: Call, project: Project, id: string): Response {
  const record = call.state.namedKeys(project).find((k) => uuidKey(k.id) === uuidKey(id));
  if (!record) return detail(404, 'API key not found', call.requestId);
  record.revokedAt ??= call.state.now();
  return noContent(call.requestId);
}
