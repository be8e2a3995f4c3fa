// The admin API (`/v1/admin/*`, the operator's key in `x-admin-key`): organisations, their projects with a key
// each (shown once), an organisation's metrics.
import { bodyOf } from './account.js';
import { uuidKey } from './body.js';
import type { RequestContext } from './context.js';
import { metrics } from './metrics.js';
import type { Org, Project } from './state.js';
import { detail, fixed, internalError, iso, json } from './wire.js';

const orgOut = (o: Org) => ({
  id: o.id,
  name: o.name,
  daily_budget: fixed(o.dailyBudget, 4),
  monthly_budget: fixed(o.monthlyBudget, 4),
  created_at: iso(o.createdAt),
});

const projectOut = (p: Project) => ({
  id: p.id,
  org_id: p.org.id,
  name: p.name,
  key_prefix: p.keyPrefix,
  daily_budget: fixed(p.dailyBudget, 4),
  monthly_budget: fixed(p.monthlyBudget, 4),
  rate_limit_per_min: p.rateLimitPerMin,
  created_at: iso(p.createdAt),
});

/**
 * What the gateway's database keeps of a budget, NUMERIC(12,4): its decimal text (a JSON number as Python's Decimal reads
 * it) rounded half away from zero at the fourth place; null when it does not fit (100000000 or more), which the gateway
 * answers with a 500 (its bug; test/fixtures/storage-limits.json). A budget below 0.00005 is kept as 0: no limit.
 */
export function numeric12x4(value: unknown): number | null {
  const m = /^\s*\+?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?\s*$/i.exec(String(value ?? 0));
  if (!m) return Number(value);
  const [, int = '', frac = '', exp = '0'] = m;
  let digits = int + frac;
  let point = int.length + Number(exp);
  if (point < 0) [digits, point] = ['0'.repeat(-point) + digits, 0];
  digits = digits.padEnd(point + 5, '0');
  const scaled = BigInt(digits.slice(0, point + 4) || '0') + (digits[point + 4]! >= '5' ? 1n : 0n);
  return scaled >= 10n ** 12n ? null : Number(scaled) / 10_000;
}

/** The most a PostgreSQL integer column holds: a larger rate limit is the gateway's 500. */
const INT32_MAX = 2_147_483_647;

/** The budgets and rate limit as the database stores them, or the 500 the gateway answers when one does not fit. */
function stored(body: Record<string, unknown>): { dailyBudget: number; monthlyBudget: number; rateLimitPerMin: number } | Response {
  const dailyBudget = numeric12x4(body.daily_budget);
  const monthlyBudget = numeric12x4(body.monthly_budget);
  const rateLimitPerMin = Number(body.rate_limit_per_min ?? 60);
  if (dailyBudget === null || monthlyBudget === null || rateLimitPerMin > INT32_MAX) return internalError();
  return { dailyBudget, monthlyBudget, rateLimitPerMin };
}

const findOrg = (ctx: RequestContext, id: string) => ctx.state.orgs.find((o) => uuidKey(o.id) === uuidKey(id));

export function createOrg(ctx: RequestContext): Response {
  const body = bodyOf(ctx, 'createOrg');
  if (body instanceof Response) return body;
  const limits = stored(body);
  if (limits instanceof Response) return limits;
  const org = ctx.state.createOrg(body.name as string, limits);
  return json(201, orgOut(org), [['x-request-id', ctx.requestId]]);
}

export const listOrgs = (ctx: RequestContext): Response => json(200, ctx.state.orgs.map(orgOut), [['x-request-id', ctx.requestId]]);

export function createProject(ctx: RequestContext): Response {
  const body = bodyOf(ctx, 'createProject');
  if (body instanceof Response) return body;
  const org = findOrg(ctx, body.org_id as string);
  if (!org) return detail(404, 'Organisation not found', ctx.requestId);
  const limits = stored(body);
  if (limits instanceof Response) return limits;
  const { project, key } = ctx.state.createProject(org, body.name as string, limits);
  return json(201, { ...projectOut(project), api_key: key }, [['x-request-id', ctx.requestId]]);
}

export function listProjects(ctx: RequestContext): Response {
  const orgId = ctx.query.get('org_id');
  const projects = ctx.state.projects.filter((p) => orgId === null || uuidKey(p.org.id) === uuidKey(orgId));
  return json(200, projects.map(projectOut), [['x-request-id', ctx.requestId]]);
}

export function orgMetrics(ctx: RequestContext): Response {
  const orgId = ctx.pathParam;
  const org = findOrg(ctx, orgId);
  if (!org) return detail(404, 'Organisation not found', ctx.requestId);
  const answer = metrics(ctx.state, org, ctx.query);
  return typeof answer === 'string' ? detail(422, answer, ctx.requestId) : json(200, answer, [['x-request-id', ctx.requestId]]);
}
