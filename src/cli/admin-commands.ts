// The operators' commands: `omnigate admin orgs|projects|metrics ...`, over AdminClient.
import { type Context, metricsQuery, one as name, none, num, print, printMetrics } from './commands.js';
import { UsageError } from './exit.js';
import { paint, pairs, table } from './output.js';

/** A budget flag: USD, 0 or more. */
const amount = (ctx: Context, flag: string) => num(ctx, flag, 0);
const budget = (value: string) => (value === '0.0000' ? 'none' : `$${value}`);

export async function orgsList(ctx: Context): Promise<void> {
  none(ctx);
  const orgs = await ctx.admin().listOrgs();
  const rows = orgs.map((o) => [o.id, o.name, budget(o.daily_budget), budget(o.monthly_budget), o.created_at]);
  print(ctx, table(ctx.out, ['id', 'name', 'daily', 'monthly', 'created'], rows), orgs);
}

// Each command reads its arguments before it makes its client: a missing argument is told before a missing key.
export async function orgsCreate(ctx: Context): Promise<void> {
  const body = {
    name: name(ctx, 'the organisation’s NAME'),
    ...(amount(ctx, 'daily-budget') !== undefined && { daily_budget: amount(ctx, 'daily-budget') }),
    ...(amount(ctx, 'monthly-budget') !== undefined && { monthly_budget: amount(ctx, 'monthly-budget') }),
  };
  const org = await ctx.admin().createOrg(body);
  const human = pairs(ctx.out, [
    ['org', org.id],
    ['name', org.name],
    ['daily budget', budget(org.daily_budget)],
    ['monthly budget', budget(org.monthly_budget)],
  ]);
  print(ctx, human, org);
}

export async function projectsList(ctx: Context): Promise<void> {
  none(ctx);
  const projects = await ctx.admin().listProjects({ org_id: ctx.values.org as string | undefined });
  const rows = projects.map((p) => [
    p.id,
    p.name,
    p.org_id,
    `${p.key_prefix}…`,
    p.rate_limit_per_min,
    budget(p.daily_budget),
    budget(p.monthly_budget),
  ]);
  print(ctx, table(ctx.out, ['id', 'name', 'org', 'key', 'per min', 'daily', 'monthly'], rows), projects);
}

export async function projectsCreate(ctx: Context): Promise<void> {
  const org = ctx.values.org as string | undefined;
  if (!org) throw new UsageError('expected --org ORG');
  const limit = ctx.values['rate-limit'] as string | undefined;
  if (limit !== undefined && !/^\d+$/.test(limit))
    throw new UsageError(`--rate-limit must be a whole number, not ${JSON.stringify(limit)}`);
  const body = {
    org_id: org,
    name: name(ctx, 'the project’s NAME'),
    ...(limit !== undefined && { rate_limit_per_min: Number(limit) }),
    ...(amount(ctx, 'daily-budget') !== undefined && { daily_budget: amount(ctx, 'daily-budget') }),
    ...(amount(ctx, 'monthly-budget') !== undefined && { monthly_budget: amount(ctx, 'monthly-budget') }),
  };
  const project = await ctx.admin().createProject(body);
  const human = pairs(ctx.out, [
    ['project', project.id],
    ['name', project.name],
    ['rate limit', `${project.rate_limit_per_min} / min`],
    ['api key', project.api_key],
  ]);
  // The key is not enumerable on the result: put it in the JSON on purpose, the one time it can be read.
  print(ctx, `${human}\n${paint(ctx.out, 'yellow', 'Store the api key now: it is shown this once.')}`, {
    ...project,
    api_key: project.api_key,
  });
}

export async function orgMetrics(ctx: Context): Promise<void> {
  const org = name(ctx, 'the organisation’s ID');
  printMetrics(ctx, await ctx.admin().orgMetrics(org, metricsQuery(ctx)));
}
