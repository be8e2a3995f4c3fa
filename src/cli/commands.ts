// What each command does: the calls it makes and what it prints, for people (tables, a chart, a streamed answer)
// or with --json for scripts (the wire objects as JSON).
import type { AdminClient } from '../admin.js';
import type { Client } from '../client.js';
import type { Metrics, MetricsQuery } from '../types.js';
import { UsageError } from './exit.js';
import { metricsView, type Out, paint, pairs, spinner, table, usd } from './output.js';
import type { FlagSpecs, FlagValues } from './spec.js';

export interface Context {
  /** The command's positional arguments (after its name), their count checked against its definition. */
  args: string[];
  out: Out;
  json: boolean;
  client: () => Client;
  admin: () => AdminClient;
  /** Everything piped to stdin, or undefined on a terminal. */
  stdin: () => Promise<string | undefined>;
  /** Asks on the terminal without echoing; undefined when there is no terminal. */
  secret: (question: string) => Promise<string | undefined>;
  /** The environment the command was given (never `process.env` directly). */
  env: Record<string, string | undefined>;
  /** Aborted by Ctrl-C (SIGINT) or SIGTERM. */
  interrupted: AbortSignal;
}

/** The answer: `human` for people, `data` as JSON with --json. */
export const print = (ctx: Context, human: string, data: unknown) =>
  ctx.out.stdout.write(ctx.json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);
/** The command's one positional argument (its definition says there is one). */
export const one = (ctx: Context) => ctx.args[0]!;

export const chatFlags = {
  model: { type: 'string', short: 'm', value: 'MODEL', help: 'the model (default: OMNIGATE_MODEL, else gpt-4o-mini)' },
  system: { type: 'string', value: 'TEXT', help: 'a system prompt' },
  temperature: { type: 'number', value: 'T', min: 0, max: 2, help: 'sampling temperature' },
  'max-tokens': { type: 'integer', value: 'N', min: 1, help: 'the longest answer, in tokens' },
  'no-stream': { type: 'boolean', help: 'the whole answer at once, with its facts' },
} satisfies FlagSpecs;

export async function chat(ctx: Context, flags: FlagValues<typeof chatFlags>): Promise<void> {
  let prompt = ctx.args.join(' ');
  if (!prompt) prompt = (await ctx.stdin())?.trim() ?? '';
  if (!prompt) throw new UsageError('expected a prompt, as arguments or on stdin');
  const { system, temperature } = flags;
  const messages = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user' as const, content: prompt }];
  const params = {
    model: flags.model ?? ctx.env.OMNIGATE_MODEL ?? 'gpt-4o-mini',
    messages,
    ...(temperature !== undefined && { temperature }),
    ...(flags['max-tokens'] !== undefined && { max_tokens: flags['max-tokens'] }),
  };
  const { out } = ctx;
  if (ctx.json || flags['no-stream']) {
    const waiting = spinner(out, 'thinking');
    const { data, meta } = await ctx
      .client()
      .chat(params)
      .withResponse()
      .finally(() => waiting.stop());
    const facts = `${data.provider}/${data.model} · ${data.usage.total_tokens} tokens · ${usd(data.cost_usd)} · request ${meta.requestId}`;
    print(ctx, `${data.content}\n${paint(out, 'dim', facts)}`, data);
    return;
  }
  const waiting = spinner(out, 'thinking');
  let last = '\n';
  try {
    for await (const piece of ctx.client().chatStream(params)) {
      waiting.stop();
      out.stdout.write(piece);
      last = piece.at(-1) ?? last;
    }
  } finally {
    waiting.stop();
    if (last !== '\n') out.stdout.write('\n');
  }
}

export const signupFlags = {
  email: { type: 'string', value: 'EMAIL', required: true, help: 'the account’s email' },
  org: { type: 'string', value: 'NAME', help: 'the organisation’s name (default: the email)' },
  project: { type: 'string', value: 'NAME', help: 'the first project’s name' },
} satisfies FlagSpecs;

export async function signup(ctx: Context, flags: FlagValues<typeof signupFlags>): Promise<void> {
  const body = {
    email: flags.email!,
    ...(flags.org && { org_name: flags.org }),
    ...(flags.project && { project_name: flags.project }),
  };
  const account = await ctx.client().signup(body);
  const human = pairs(ctx.out, [
    ['org', account.org_id],
    ['project', account.project_id],
    ['api key', account.api_key],
  ]);
  print(ctx, `${human}\n${paint(ctx.out, 'yellow', 'Store the api key now: it is shown this once.')}`, account);
}

export async function me(ctx: Context): Promise<void> {
  const m = await ctx.client().me();
  const human = pairs(ctx.out, [
    ['project', `${m.project_name} (${m.project_id})`],
    ['org', m.org_id],
    ['key', `${m.key_prefix}…`],
    ['rate limit', `${m.rate_limit_per_min} / min`],
    ['daily budget', m.daily_budget === '0.0000' ? 'none' : `$${m.daily_budget}`],
    ['monthly budget', m.monthly_budget === '0.0000' ? 'none' : `$${m.monthly_budget}`],
    ['providers', m.configured_providers.join(', ') || 'none (set one with `omnigate provider-key set`)'],
  ]);
  print(ctx, human, m);
}

export async function health(ctx: Context): Promise<void> {
  const h = await ctx.client().health();
  print(ctx, `${paint(ctx.out, 'green', h.status)} (gateway ${h.version})`, h);
}

export async function keysList(ctx: Context): Promise<void> {
  const keys = await ctx.client().listApiKeys();
  const rows = keys.map((k) => [k.id, k.name, `${k.key_prefix}…`, k.created_at, k.last_used_at, k.revoked_at]);
  print(ctx, keys.length ? table(ctx.out, ['id', 'name', 'key', 'created', 'last used', 'revoked'], rows) : 'no named keys', keys);
}

export async function keysCreate(ctx: Context): Promise<void> {
  const name = one(ctx);
  const key = await ctx.client().createApiKey({ name });
  const human = pairs(ctx.out, [
    ['id', key.id],
    ['api key', key.api_key],
  ]);
  print(ctx, `${human}\n${paint(ctx.out, 'yellow', 'Store the key now: it is shown this once.')}`, key);
}

export async function keysRevoke(ctx: Context): Promise<void> {
  const id = one(ctx);
  await ctx.client().revokeApiKey(id);
  print(ctx, `revoked ${id}`, { revoked: id });
}

export const providerKeyFlags = {
  endpoint: { type: 'string', value: 'URL', help: 'Azure: the resource’s https URL' },
  deployment: { type: 'string', value: 'NAME', help: 'Azure: the deployment' },
  'api-version': { type: 'string', value: 'V', help: 'Azure: the API version' },
} satisfies FlagSpecs;

export async function providerKeySet(ctx: Context, flags: FlagValues<typeof providerKeyFlags>): Promise<void> {
  const provider = one(ctx) as 'openai';
  const key = (await ctx.stdin())?.trim() || (await ctx.secret(`${provider} key: `))?.trim();
  if (!key) throw new UsageError('expected the provider key on stdin (or typed at the prompt)');
  const meta = Object.fromEntries(
    [
      ['endpoint', flags.endpoint],
      ['deployment', flags.deployment],
      ['api_version', flags['api-version']],
    ].filter(([, v]) => v !== undefined),
  );
  await ctx.client().setProviderKey({ provider, api_key: key, ...(Object.keys(meta).length && { meta }) });
  print(ctx, `stored the ${provider} key`, { provider, stored: true });
}

export async function models(ctx: Context): Promise<void> {
  const list = await ctx.client().models();
  const rows = list.map((m) => [m.id, m.provider, m.pricing?.input_per_1k_usd ?? null, m.pricing?.output_per_1k_usd ?? null]);
  print(ctx, table(ctx.out, ['model', 'provider', 'input $/1k', 'output $/1k'], rows), list);
}

export async function model(ctx: Context): Promise<void> {
  const id = one(ctx);
  const m = await ctx.client().model(id);
  const price = m.pricing ? `$${m.pricing.input_per_1k_usd} in, $${m.pricing.output_per_1k_usd} out, per 1k tokens` : 'unpriced';
  print(
    ctx,
    pairs(ctx.out, [
      ['model', m.id],
      ['provider', m.provider],
      ['owned by', m.owned_by],
      ['pricing', price],
    ]),
    m,
  );
}

/** The metrics flags: `metrics` and `admin metrics` take them. */
export const windowFlags = {
  range: { type: 'string', value: '1h|24h|7d|30d', help: 'a window ending now (or --from and --to)' },
  from: { type: 'string', value: 'TIME', help: 'the window’s start, ISO-8601 with a time zone' },
  to: { type: 'string', value: 'TIME', help: 'the window’s end (default: now)' },
  'group-by': { type: 'string', value: 'provider|model|user|status', help: 'a breakdown by this' },
  granularity: { type: 'string', value: 'minute|hour|day', help: 'the timeseries’ bucket' },
} satisfies FlagSpecs;

/** The metrics flags, as the query the gateway takes (the gateway checks the values, and says so in a 422). */
export function metricsQuery(flags: FlagValues<typeof windowFlags>): MetricsQuery {
  const { range, from, to, granularity } = flags;
  const query = { range, from, to, group_by: flags['group-by'], granularity };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as MetricsQuery;
}

/** A metrics answer: totals, table and chart for people, the Metrics with --json. */
export function printMetrics(ctx: Context, m: Metrics): void {
  ctx.out.stdout.write(ctx.json ? `${JSON.stringify(m, null, 2)}\n` : metricsView(ctx.out, m));
}

export async function metrics(ctx: Context, flags: FlagValues<typeof windowFlags>): Promise<void> {
  printMetrics(ctx, await ctx.client().metrics(metricsQuery(flags)));
}
