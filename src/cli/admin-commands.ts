// The operators' commands: `omnigate admin orgs|projects|metrics ...`, over AdminClient.
import { type Context, metricsQuery, one, print, printMetrics, type windowFlags } from './commands.js';
import { paint, pairs, table } from './output.js';
import type { FlagSpecs, FlagValues } from './spec.js';

/** The budget flags: USD, 0 or more (AdminClient checks what the gateway can store). */
export const budgetFlags = {
  'daily-budget': { type: 'number', value: 'USD', min: 0, help: 'USD per UTC day; 0 for none' },
  'monthly-budget': { type: 'number', value: 'USD', min: 0, help: 'USD per UTC month; 0 for none' },
} satisfies FlagSpecs;
type Budgets = FlagValues<typeof budgetFlags>;
const budgetsOf = (flags: Budgets) => ({
  ...(flags['daily-budget'] !== undefined && { daily_budget: flags['daily-budget'] }),
  ...(flags['monthly-budget'] !== undefined && { monthly_budget: flags['monthly-budget'] }),
});
const budget = (value: string) => (value === '0.0000' ? 'none' : `$${value}`);

export async function orgsList(ctx: Context): Promise<void> {
  const orgs = await ctx.admin().listOrgs();
  const rows = orgs.map((o) => [o.id, o.name, budget(o.daily_budget), budget(o.monthly_budget), o.created_at]);
  print(ctx, table(ctx.out, ['id', 'name', 'daily', 'monthly', 'created'], rows), orgs);
}

// Each command reads its arguments before it makes its client: a missing argument is told before a missing key.
export async function orgsCreate(ctx: Context, flags: Budgets): Promise<void> {
  const body = { name: one(ctx), ...budgetsOf(flags) };
  const org = await ctx.admin().createOrg(body);
  const human = pairs(ctx.out, [
    ['org', org.id],
    ['name', org.name],
    ['daily budget', budget(org.daily_budget)],
    ['monthly budget', budget(org.monthly_budget)],
  ]);
  print(ctx, human, org);
}

export const projectsListFlags = { org: { type: 'string', value: 'ORG', help: 'only this organisation’s (its id)' } } satisfies FlagSpecs;

export async function projectsList(ctx: Context, flags: FlagValues<typeof projectsListFlags>): Promise<void> {
  const projects = await ctx.admin().listProjects({ org_id: flags.org });
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

export const projectsCreateFlags = {
  org: { type: 'string', value: 'ORG', required: true, help: 'its organisation’s id' },
  'rate-limit': { type: 'integer', value: 'N', min: 1, help: 'chat requests per minute (default 60)' },
  ...budgetFlags,
} satisfies FlagSpecs;

export async function projectsCreate(ctx: Context, flags: FlagValues<typeof projectsCreateFlags>): Promise<void> {
  const body = {
    org_id: flags.org!,
    name: one(ctx),
    ...(flags['rate-limit'] !== undefined && { rate_limit_per_min: flags['rate-limit'] }),
    ...budgetsOf(flags),
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

export async function orgMetrics(ctx: Context, flags: FlagValues<typeof windowFlags>): Promise<void> {
  const org = one(ctx);
  printMetrics(ctx, await ctx.admin().orgMetrics(org, metricsQuery(flags)));
}
