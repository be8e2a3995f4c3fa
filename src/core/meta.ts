// The gateway's response headers, typed: request id, routing, rate limit and budget. Read only when asked for.

export interface RateLimitInfo {
  /** Requests allowed per minute (`x-ratelimit-limit`). */
  limit: number | null;
  /** Requests left this minute (`x-ratelimit-remaining`). */
  remaining: number | null;
  /** Seconds until the minute ends (`x-ratelimit-reset`). */
  reset: number | null;
}

/** USD amounts as the gateway sends them (decimal strings); null where the header was absent. */
export interface BudgetInfo {
  projectDailySpend: string | null;
  projectDailyLimit: string | null;
  orgDailySpend: string | null;
  orgDailyLimit: string | null;
  projectMonthlySpend: string | null;
  projectMonthlyLimit: string | null;
  orgMonthlySpend: string | null;
  orgMonthlyLimit: string | null;
}

export interface ResponseMeta {
  status: number;
  /** `x-request-id`: quote it when reporting a problem. */
  requestId: string | null;
  /** The provider that answered (`x-llmgw-provider`), on chat responses. */
  provider: string | null;
  /** The model that answered (`x-llmgw-model`), on chat responses. */
  model: string | null;
  /** Served from the gateway's cache (`x-llmgw-cached`); null when not said. */
  cached: boolean | null;
  /** A fallback model answered (`x-llmgw-fallback`); null when not said. */
  fallback: boolean | null;
  /** Null when the response carried no `x-ratelimit-*` header. */
  rateLimit: RateLimitInfo | null;
  /** Null when the response carried no `x-budget-*` header. */
  budget: BudgetInfo | null;
  headers: Headers;
}

export function responseMeta(response: Response): ResponseMeta {
  const h = response.headers;
  const rateLimit: RateLimitInfo = {
    limit: int(h.get('x-ratelimit-limit')),
    remaining: int(h.get('x-ratelimit-remaining')),
    reset: int(h.get('x-ratelimit-reset')),
  };
  const budget: BudgetInfo = {
    projectDailySpend: h.get('x-budget-project-daily-spend'),
    projectDailyLimit: h.get('x-budget-project-daily-limit'),
    orgDailySpend: h.get('x-budget-org-daily-spend'),
    orgDailyLimit: h.get('x-budget-org-daily-limit'),
    projectMonthlySpend: h.get('x-budget-project-monthly-spend'),
    projectMonthlyLimit: h.get('x-budget-project-monthly-limit'),
    orgMonthlySpend: h.get('x-budget-org-monthly-spend'),
    orgMonthlyLimit: h.get('x-budget-org-monthly-limit'),
  };
  return {
    status: response.status,
    requestId: h.get('x-request-id'),
    provider: h.get('x-llmgw-provider'),
    model: h.get('x-llmgw-model'),
    cached: bool(h.get('x-llmgw-cached')),
    fallback: bool(h.get('x-llmgw-fallback')),
    rateLimit: Object.values(rateLimit).some((x) => x !== null) ? rateLimit : null,
    budget: Object.values(budget).some((x) => x !== null) ? budget : null,
    headers: h,
  };
}

function int(value: string | null): number | null {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

function bool(value: string | null): boolean | null {
  const v = value?.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : null;
}
