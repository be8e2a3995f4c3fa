// What the command line shows: aligned tables, a bar chart of a metrics timeseries, colour and a waiting indicator
// only on a terminal, and one line per error. Writes to the streams it is given, so tests can read them.
import type { Metrics } from '../../generated/types.js';

export interface Out {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Colour and the spinner: only when writing to a terminal, and NO_COLOR is not set. */
  color: boolean;
}

const ANSI = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' } as const;

export function paint(out: Out, style: keyof typeof ANSI, text: string): string {
  return out.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

/** Rows as aligned columns: a header, a rule, then the rows; numbers right-aligned. */
export function table(out: Out, header: string[], rows: Array<Array<string | number | null>>): string {
  const cells = rows.map((row) => row.map((c) => (c === null ? '-' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || row[i] === null));
  const line = (row: string[]) =>
    row
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [paint(out, 'bold', line(header)), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Label and value pairs, the labels aligned. */
export function pairs(out: Out, entries: Array<[string, string | number | null | undefined]>): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${paint(out, 'dim', k.padEnd(width))}  ${v ?? '-'}`).join('\n');
}

export const usd = (n: number) => `$${n.toFixed(6)}`;
const ms = (n: number | null) => (n === null ? null : `${Math.round(n)} ms`);

/** A metrics answer as a person reads it: the totals, the breakdown as a table, the timeseries as a bar chart. */
export function metricsView(out: Out, m: Metrics): string {
  const t = m.totals;
  const parts = [
    paint(out, 'bold', `${m.scope} ${m.scope_id}: ${m.range_from} → ${m.range_to}`),
    pairs(out, [
      ['requests', t.requests],
      ['tokens', `${t.total_tokens} (${t.prompt_tokens} in, ${t.completion_tokens} out)`],
      ['cost', usd(t.cost_usd)],
      ['error rate', `${(t.error_rate * 100).toFixed(1)}%`],
      ['cache hits', `${(t.cache_hit_rate * 100).toFixed(1)}%`],
      ['latency', `avg ${ms(t.avg_latency_ms)}, p50 ${ms(t.p50_latency_ms) ?? '-'}, p95 ${ms(t.p95_latency_ms) ?? '-'}`],
    ]),
  ];
  if (m.group_by) {
    const rows = m.breakdown.map((b) => [b.key, b.requests, b.total_tokens, usd(b.cost_usd), `${(b.error_rate * 100).toFixed(1)}%`]);
    parts.push(table(out, [m.group_by, 'requests', 'tokens', 'cost', 'errors'], rows));
  }
  parts.push(chart(out, m));
  return `${parts.join('\n\n')}\n`;
}

/** Requests and cost per bucket: a bar per bucket, as wide as the terminal allows. */
export function chart(out: Out, m: Metrics): string {
  if (m.timeseries.length === 0) return paint(out, 'dim', 'no requests in this window');
  const label = (bucket: string) =>
    bucket
      .replace('T', ' ')
      .replace(/:00(\.\d+)?Z$/, '')
      .replace(/ 00:00$/, '');
  const rows = m.timeseries.map((p) => ({ label: label(p.bucket), requests: String(p.requests), cost: usd(p.cost_usd), n: p.requests }));
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const countWidth = Math.max(...rows.map((r) => r.requests.length));
  const max = Math.max(...rows.map((r) => r.n), 1);
  const room = Math.max(10, Math.min(60, (out.stdout.columns ?? 80) - labelWidth - countWidth - 16));
  const lines = rows.map((r) => {
    const bar = '█'.repeat(Math.max(r.n > 0 ? 1 : 0, Math.round((r.n / max) * room)));
    return `${r.label.padEnd(labelWidth)}  ${paint(out, 'cyan', bar.padEnd(room))}  ${r.requests.padStart(countWidth)}  ${r.cost}`;
  });
  return [paint(out, 'bold', `requests and cost per ${m.granularity}`), ...lines].join('\n');
}

/** A spinner on stderr while waiting, on a terminal only; `stop()` clears it. */
export function spinner(out: Out, text: string): { stop(): void } {
  if (!out.color || !out.stderr.isTTY) return { stop() {} };
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  let i = 0;
  const draw = () => out.stderr.write(`\r${paint(out, 'cyan', frames[i++ % frames.length]!)} ${text}`);
  draw();
  const timer = setInterval(draw, 80);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      out.stderr.write('\r\u001b[2K');
    },
  };
}
