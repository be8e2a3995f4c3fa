// The admin API (`/v1/admin/*`, the operator's key in `x-admin-key`): organisations, their projects with a key
// each (shown once), an organisation's metrics.
import { bodyOf, type Call } from './account.js';
import { model, num, str, uuid, uuidKey } from './body.js';
import { metrics } from './metrics.js';
import type { Org, Project } from './state.js';
import { detail, fixed, invalid, iso, json } from './wire.js';

const budget = num({ ge: 0 });
const orgBody = model('OrganisationCreate', { name: str(1, 255), daily_budget: budget, monthly_budget: budget }, ['name']);
const projectBody = model(
  'ProjectCreate',
  { org_id: uuid, name: str(1, 255), daily_budget: budget, monthly_budget: budget, rate_limit_per_min: num({ ge: 1, integer: true }) },
  ['org_id', 'name'],
);

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

const findOrg = (call: Call, id: string) => call.state.orgs.find((o) => uuidKey(o.id) === uuidKey(id));

export function createOrg(call: Call): Response {
  const body = bodyOf(call, orgBody);
  if (body instanceof Response) return body;
  const org = call.state.createOrg(body.name as string, {
    dailyBudget: Number(body.daily_budget ?? 0),
    monthlyBudget: Number(body.monthly_budget ?? 0),
  });
  return json(201, orgOut(org), [['x-request-id', call.requestId]]);
}

export const listOrgs = (call: Call): Response => json(200, call.state.orgs.map(orgOut), [['x-request-id', call.requestId]]);

export function createProject(call: Call): Response {
  const body = bodyOf(call, projectBody);
  if (body instanceof Response) return body;
  const org = findOrg(call, body.org_id as string);
  if (!org) return detail(404, 'Organisation not found', call.requestId);
  const { project, key } = call.state.createProject(org, body.name as string, {
    dailyBudget: Number(body.daily_budget ?? 0),
    monthlyBudget: Number(body.monthly_budget ?? 0),
    rateLimitPerMin: Number(body.rate_limit_per_min ?? 60),
  });
  return json(201, { ...projectOut(project), api_key: key }, [['x-request-id', call.requestId]]);
}

export function listProjects(call: Call, query: URLSearchParams): Response {
  const orgId = query.get('org_id');
  if (orgId !== null) {
    const problems = uuid(orgId, ['query', 'org_id']);
    if (problems.length) return invalid(problems, call.requestId);
  }
  const projects = call.state.projects.filter((p) => orgId === null || uuidKey(p.org.id) === uuidKey(orgId));
  return json(200, projects.map(projectOut), [['x-request-id', call.requestId]]);
}

export function orgMetrics(call: Call, orgId: string, query: URLSearchParams): Response {
  const problems = uuid(orgId, ['path', 'org_id']);
  if (problems.length) return invalid(problems, call.requestId);
  const org = findOrg(call, orgId);
  if (!org) return detail(404, 'Organisation not found', call.requestId);
  const answer = metrics(call.state, org, query);
  return typeof answer === 'string' ? detail(422, answer, call.requestId) : json(200, answer, [['x-request-id', call.requestId]]);
}
