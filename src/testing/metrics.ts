// `GET /v1/metrics` over the mock's records, computed as the gateway computes it: the window [from, to), totals with
// latency percentiles over calls that did not fail, a breakdown (most requests first, at most 100 rows) and a sparse
// time series in UTC buckets. Bad parameters are the gateway's 422s, word for word.
import type { GatewayState, Org, Project, UsageRecord } from './state.js';
import { iso } from './wire.js';

const RANGES: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
const GROUPS = ['provider', 'model', 'user', 'status'];
const GRANULARITIES = ['minute', 'hour', 'day'];
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time the way Python's `datetime.fromisoformat` reads it, time zone required; or the gateway's complaint. */
function parseTime(raw: string, field: string): number | string {
  const m = ISO.exec(raw);
  const at = m ? Date.parse(m[1] ? raw.replace(' ', 'T') : `${raw.replace(' ', 'T')}Z`) : Number.NaN;
  if (Number.isNaN(at)) return `Invalid isoformat string: '${raw}'`;
  if (!m?.[1]) return `'${field}' must be timezone-aware`;
  return at;
}

/** The metrics answer for a project, or for an organisation's projects (`/v1/admin`); or the 422's detail. */
export function metrics(state: GatewayState, scope: Project | Org, query: URLSearchParams): object | string {
  const isProject = 'org' in scope;
  const range = query.get('range');
  const fromRaw = query.get('from');
  const toRaw = query.get('to');
  const groupBy = query.get('group_by');
  let granularity = query.get('granularity');
  const now = state.now();
  let from: number;
  let to = now;
  if (fromRaw !== null || toRaw !== null) {
    if (range !== null) return "'range' is mutually exclusive with 'from'/'to'";
    if (fromRaw === null) return "'from' is required when 'to' is supplied";
    const f = parseTime(fromRaw, 'from');
    if (typeof f === 'string') return f;
    const t = toRaw === null ? now : parseTime(toRaw, 'to');
    if (typeof t === 'string') return t;
    if (t <= f) return "'to' must be after 'from'";
    [from, to] = [f, t];
  } else {
    const key = range || '24h';
    if (!(key in RANGES)) return `invalid range '${key}'; expected one of 1h, 24h, 7d, 30d`;
    from = now - RANGES[key]!;
  }
  if (groupBy !== null && !GROUPS.includes(groupBy)) return 'invalid group_by; expected one of provider, model, user, status';
  if (granularity !== null && !GRANULARITIES.includes(granularity)) return 'invalid granularity; expected one of minute, hour, day';
  granularity ??= to - from <= 3_600_000 ? 'minute' : to - from <= 86_400_000 ? 'hour' : 'day';

  // [from, to), except that a window ending now includes a call made in this very millisecond.
  const end = toRaw === null ? to + 1 : to;
  const rows = state.usage.filter((r) => (isProject ? r.project === scope : r.project.org === scope) && r.at >= from && r.at < end);
  return {
    scope: isProject ? 'project' : 'org',
    scope_id: scope.id,
    range_from: iso(from),
    range_to: iso(to),
    group_by: groupBy,
    granularity,
    totals: totals(rows),
    breakdown: groupBy === null ? [] : breakdown(rows, groupBy),
    timeseries: series(rows, granularity),
  };
}

const failed = (r: UsageRecord) => r.status === 'error';
const money = (n: number) => Math.round(n * 1e6) / 1e6;
const sum = (rows: UsageRecord[], f: (r: UsageRecord) => number) => rows.reduce((acc, r) => acc + f(r), 0);
const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

/** PostgreSQL's percentile_cont: linear between the two nearest values. */
function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

function aggregate(rows: UsageRecord[]) {
  const served = rows.filter((r) => !failed(r)).map((r) => r.latencyMs);
  return {
    requests: rows.length,
    total_tokens: sum(rows, (r) => r.promptTokens + r.completionTokens),
    cost_usd: money(sum(rows, (r) => r.cost)),
    avg_latency_ms: ratio(
      served.reduce((a, b) => a + b, 0),
      served.length,
    ),
    error_rate: ratio(rows.filter(failed).length, rows.length),
    served,
  };
}

function totals(rows: UsageRecord[]) {
  const a = aggregate(rows);
  const sorted = [...a.served].sort((x, y) => x - y);
  return {
    requests: a.requests,
    prompt_tokens: sum(rows, (r) => r.promptTokens),
    completion_tokens: sum(rows, (r) => r.completionTokens),
    total_tokens: a.total_tokens,
    cost_usd: a.cost_usd,
    error_rate: a.error_rate,
    cache_hit_rate: ratio(rows.filter((r) => r.status === 'cache_hit').length, rows.length),
    avg_latency_ms: a.avg_latency_ms,
    p50_latency_ms: percentile(sorted, 0.5),
    p95_latency_ms: percentile(sorted, 0.95),
    p99_latency_ms: percentile(sorted, 0.99),
  };
}

function groups(rows: UsageRecord[], key: (r: UsageRecord) => string): Map<string, UsageRecord[]> {
  const out = new Map<string, UsageRecord[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

function breakdown(rows: UsageRecord[], by: string) {
  const key = (r: UsageRecord) =>
    by === 'user' ? (r.userId ?? 'unknown') : by === 'status' ? r.status : by === 'model' ? r.model : r.provider;
  return [...groups(rows, key)]
    .map(([k, g]) => {
      const { served: _, ...a } = aggregate(g);
      return {
        key: k,
        requests: a.requests,
        total_tokens: a.total_tokens,
        cost_usd: a.cost_usd,
        avg_latency_ms: a.avg_latency_ms,
        error_rate: a.error_rate,
      };
    })
    .sort((x, y) => y.requests - x.requests)
    .slice(0, 100);
}

const UNIT = { minute: 60_000, hour: 3_600_000 } as Record<string, number>;

function series(rows: UsageRecord[], granularity: string) {
  const bucket = (at: number) => {
    if (granularity !== 'day') return at - (at % UNIT[granularity]!);
    const d = new Date(at);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  };
  return [...groups(rows, (r) => String(bucket(r.at)))]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([at, g]) => {
      const a = aggregate(g);
      return {
        bucket: iso(Number(at)),
        requests: a.requests,
        total_tokens: a.total_tokens,
        cost_usd: a.cost_usd,
        error_rate: a.error_rate,
      };
    });
}
