// Where the gateway checks a request otherwise than the document says: each departure as the schema the gateway really
// applies at one place of one route's request, and the capture that shows it. The document keeps the stricter or
// truer rule for clients (a client is better off refusing what the gateway would refuse later, with a 400 or a 500);
// the mock answers as the gateway does. Read by checks.ts.
import type { RequestSchema } from './checks.js';

export interface Quirk {
  route: string;
  /** The body, or a parameter (the first name of `at`). */
  in: 'body' | 'path' | 'query';
  /** Property names down to the place, `[]` for an array's items. */
  at: readonly string[];
  /** What the gateway's own model takes there. */
  schema: RequestSchema;
  /** The capture (test/fixtures) that shows it. */
  why: string;
}

const METRICS_PARAMS = ['range', 'from', 'to', 'group_by', 'granularity'];
const unbounded = (decimals: boolean): RequestSchema => (decimals ? { type: 'number', minimum: 0 } : { type: 'integer', minimum: 1 });

export const QUIRKS: readonly Quirk[] = [
  {
    route: 'chatCompletions',
    in: 'body',
    at: ['messages', '[]', 'role'],
    schema: { type: 'string' },
    why: "observed/p4.txt:246: any role passes validation; the handler answers 400 `role 'narrator' not supported`",
  },
  {
    route: 'chatCompletions',
    in: 'body',
    at: ['messages', '[]', 'content'],
    schema: { anyOf: [{ type: 'string' }, { type: 'array' }, { type: 'null' }] },
    why: 'observed/p4.txt:262: a list of parts passes validation (then 400 `multimodal not supported`); a number fails both members (issue 25)',
  },
  {
    route: 'chatCompletions',
    in: 'body',
    at: ['n'],
    schema: { type: ['integer', 'null'], minimum: 1 },
    why: 'observed/p4.txt:369: 0 is a 422 at `n` (ge 1); p4.txt:214: 2 passes validation, then 400 `n > 1 is not supported`',
  },
  ...['createOrg', 'createProject'].flatMap((route) =>
    ['daily_budget', 'monthly_budget'].map((field) => ({
      route,
      in: 'body' as const,
      at: [field],
      schema: unbounded(true),
      why: 'storage-limits.json: no upper bound in the gateway’s model; a budget that does not fit NUMERIC(12,4) is its 500',
    })),
  ),
  {
    route: 'createProject',
    in: 'body',
    at: ['rate_limit_per_min'],
    schema: unbounded(false),
    why: 'storage-limits.json: no upper bound in the gateway’s model; a rate limit past a 32-bit integer is its 500',
  },
  {
    route: 'getModel',
    in: 'path',
    at: ['model_id'],
    schema: { type: 'string' },
    why: "observed/p7.txt:77: `/v1/models/` is the model '' and its 404, not a 422",
  },
  ...['metrics', 'orgMetrics'].flatMap((route) =>
    METRICS_PARAMS.map((name) => ({
      route,
      in: 'query' as const,
      at: [name],
      schema: { type: 'string' },
      why: 'observed/p6.txt:57: the metrics parameters are read as text and refused by the handler, with a string detail',
    })),
  ),
];
