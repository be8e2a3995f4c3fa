// The chat routes' gates, in the gateway's order: the rate limit (a fixed window per minute and project), then the
// four budgets (project and organisation, daily and monthly, in USD; 0 means none). Each adds its headers.
import type { GatewayState, Project } from './state.js';
import { detail, fixed, type HeaderList } from './wire.js';

/** The rate-limit headers, or the 429 when the window is full. Every call counts, valid or not. */
export function rateLimit(state: GatewayState, project: Project, requestId: string): { headers: HeaderList } | { refused: Response } {
  const count = state.countCall(project);
  const limit = project.rateLimitPerMin;
  const reset = 60 - (Math.floor(state.now() / 1000) % 60);
  if (count > limit) return { refused: rateLimited(limit, reset, requestId) };
  return {
    headers: [
      ['x-ratelimit-limit', String(limit)],
      ['x-ratelimit-remaining', String(Math.max(0, limit - count))],
      ['x-ratelimit-reset', String(reset)],
    ],
  };
}

/** The gateway's 429: `Retry-After` and the window's headers. */
export function rateLimited(limit: number, retryAfter: number, requestId: string): Response {
  return detail(429, 'Rate limit exceeded', requestId, [
    ['retry-after', String(retryAfter)],
    ['x-ratelimit-limit', String(limit)],
    ['x-ratelimit-remaining', '0'],
    ['x-ratelimit-reset', String(retryAfter)],
  ]);
}

/** The budget headers, or the 402 for the first budget spent (a 402 carries none of them). */
export function budgets(state: GatewayState, project: Project, requestId: string): { headers: HeaderList } | { refused: Response } {
  const { org } = project;
  const projectDay = state.spend(project, 'day');
  const orgDay = state.spend(org, 'day');
  const headers: HeaderList = [
    ['x-budget-project-daily-spend', fixed(projectDay, 6)],
    ['x-budget-project-daily-limit', fixed(project.dailyBudget, 4)],
    ['x-budget-org-daily-spend', fixed(orgDay, 6)],
    ['x-budget-org-daily-limit', fixed(org.dailyBudget, 4)],
  ];
  const spent = (spend: number, budget: number) => budget > 0 && spend >= budget;
  const refuse = (what: string) => ({ refused: detail(402, `${what} budget exceeded`, requestId) });
  if (spent(projectDay, project.dailyBudget)) return refuse('Project daily');
  if (spent(orgDay, org.dailyBudget)) return refuse('Organisation daily');
  if (project.monthlyBudget > 0) {
    const month = state.spend(project, 'month');
    headers.push(['x-budget-project-monthly-spend', fixed(month, 6)], ['x-budget-project-monthly-limit', fixed(project.monthlyBudget, 4)]);
    if (month >= project.monthlyBudget) return refuse('Project monthly');
  }
  if (org.monthlyBudget > 0) {
    const month = state.spend(org, 'month');
    headers.push(['x-budget-org-monthly-spend', fixed(month, 6)], ['x-budget-org-monthly-limit', fixed(org.monthlyBudget, 4)]);
    if (month >= org.monthlyBudget) return refuse('Organisation monthly');
  }
  return { headers };
}
