// What each command does: the calls it makes and what it prints, for people (tables, a chart, a streamed answer)
// or with --json for scripts (the wire objects as JSON).
import type { AdminClient } from '../admin.js';
import type { Client } from '../client.js';
import type { Metrics, MetricsQuery } from '../types.js';
import { UsageError } from './exit.js';
import { metricsView, type Out, paint, pairs, spinner, table, usd } from './output.js';

export interface Context {
  /** The command's positional arguments (after its name). */
  args: string[];
  values: Record<string, string | boolean | undefined>;
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
const str = (ctx: Context, name: string) => ctx.values[name] as string | undefined;
/** A flag's number; with `min`, refused below it. */
export const num = (ctx: Context, name: string, min?: number) => {
  const raw = str(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || (min !== undefined && n < min)) {
    throw new UsageError(`--${name} must be a number${min === undefined ? '' : ` of ${min} or more`}, not ${JSON.stringify(raw)}`);
  }
  return n;
};
/** The one positional argument a command takes. */
export const one = (ctx: Context, what: string) => {
  if (ctx.args.length !== 1) throw new UsageError(`expected ${what}`);
  return ctx.args[0]!;
};
/** Refuses positional arguments a command does not take. */
export const none = (ctx: Context) => {
  if (ctx.args.length) throw new UsageError(`unexpected argument ${JSON.stringify(ctx.args[0])}`);
};

export async function chat(ctx: Context): Promise<void> {
  let prompt = ctx.args.join(' ');
  if (!prompt) prompt = (await ctx.stdin())?.trim() ?? '';
  if (!prompt) throw new UsageError('expected a prompt, as arguments or on stdin');
  const system = str(ctx, 'system');
  const messages = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user' as const, content: prompt }];
  const params = {
    model: str(ctx, 'model') ?? process.env.OMNIGATE_MODEL ?? 'gpt-4o-mini',
    messages,
    ...(num(ctx, 'temperature') !== undefined && { temperature: num(ctx, 'temperature') }),
    ...(num(ctx, 'max-tokens') !== undefined && { max_tokens: num(ctx, 'max-tokens') }),
  };
  const { out } = ctx;
  if (ctx.json || ctx.values['no-stream']) {
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

export async function signup(ctx: Context): Promise<void> {
  none(ctx);
  const email = str(ctx, 'email');
  if (!email) throw new UsageError('expected --email');
  const body = {
    email,
    ...(str(ctx, 'org') && { org_name: str(ctx, 'org') }),
    ...(str(ctx, 'project') && { project_name: str(ctx, 'project') }),
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
  none(ctx);
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
  none(ctx);
  const h = await ctx.client().health();
  print(ctx, `${paint(ctx.out, 'green', h.status)} (gateway ${h.version})`, h);
}

export async function keysList(ctx: Context): Promise<void> {
  none(ctx);
  const keys = await ctx.client().listApiKeys();
  const rows = keys.map((k) => [k.id, k.name, `${k.key_prefix}…`, k.created_at, k.last_used_at, k.revoked_at]);
  print(ctx, keys.length ? table(ctx.out, ['id', 'name', 'key', 'created', 'last used', 'revoked'], rows) : 'no named keys', keys);
}

export async function keysCreate(ctx: Context): Promise<void> {
  const name = one(ctx, 'the key’s NAME');
  const key = await ctx.client().createApiKey({ name });
  const human = pairs(ctx.out, [
    ['id', key.id],
    ['api key', key.api_key],
  ]);
  print(ctx, `${human}\n${paint(ctx.out, 'yellow', 'Store the key now: it is shown this once.')}`, key);
}

export async function keysRevoke(ctx: Context): Promise<void> {
  const id = one(ctx, 'the key’s ID');
  await ctx.client().revokeApiKey(id);
  print(ctx, `revoked ${id}`, { revoked: id });
}

export async function providerKeySet(ctx: Context): Promise<void> {
  if (ctx.args.length > 1) throw new UsageError('the provider key is read from stdin or a prompt, never from an argument');
  const provider = one(ctx, 'the PROVIDER (openai, anthropic, gemini or azure)') as 'openai';
  const key = (await ctx.stdin())?.trim() || (await ctx.secret(`${provider} key: `))?.trim();
  if (!key) throw new UsageError('expected the provider key on stdin (or typed at the prompt)');
  const meta = Object.fromEntries(
    [
      ['endpoint', str(ctx, 'endpoint')],
      ['deployment', str(ctx, 'deployment')],
      ['api_version', str(ctx, 'api-version')],
    ].filter(([, v]) => v !== undefined),
  );
  await ctx.client().setProviderKey({ provider, api_key: key, ...(Object.keys(meta).length && { meta }) });
  print(ctx, `stored the ${provider} key`, { provider, stored: true });
}

export async function models(ctx: Context): Promise<void> {
  none(ctx);
  const list = await ctx.client().models();
  const rows = list.map((m) => [m.id, m.provider, m.pricing?.input_per_1k_usd ?? null, m.pricing?.output_per_1k_usd ?? null]);
  print(ctx, table(ctx.out, ['model', 'provider', 'input $/1k', 'output $/1k'], rows), list);
}

export async function model(ctx: Context): Promise<void> {
  const id = one(ctx, 'a model ID');
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

/** The metrics flags, as the query the gateway takes. */
export function metricsQuery(ctx: Context): MetricsQuery {
  const query: Record<string, string> = {};
  for (const [flag, name] of [
    ['range', 'range'],
    ['from', 'from'],
    ['to', 'to'],
    ['group-by', 'group_by'],
    ['granularity', 'granularity'],
  ] as const) {
    const value = str(ctx, flag);
    if (value !== undefined) query[name] = value;
  }
  return query as MetricsQuery;
}

/** A metrics answer: totals, table and chart for people, the Metrics with --json. */
export function printMetrics(ctx: Context, m: Metrics): void {
  ctx.out.stdout.write(ctx.json ? `${JSON.stringify(m, null, 2)}\n` : metricsView(ctx.out, m));
}

export async function metrics(ctx: Context): Promise<void> {
  none(ctx);
  printMetrics(ctx, await ctx.client().metrics(metricsQuery(ctx)));
}
