// The operators' client: the gateway's admin API (`/v1/admin/*`), with the admin key in `x-admin-key`. The same
// transport, retries, errors, redaction, hooks and options as `Client`; apps that never import it never load it.
import * as ops from '../generated/admin-operations.js';
import type * as T from '../generated/types.js';
import { Caller, type CallOptions } from './core/caller.js';
import { internals } from './core/internal.js';
import type { Checker, Operation, ParamsOf, ResultOf } from './core/operation.js';
import { CLIENT, type ClientOptions, checkAll, header, readEnv, resolveOptions } from './core/options.js';
import type { APIPromise } from './core/response.js';
import { validate } from './core/validate.js';
import { InvalidArgumentError } from './errors/errors.js';
import type { MetricsQuery } from './types.js';

/** AdminClient's options: the admin key, and `Client`'s other options (no gateway key, no user id). */
export interface AdminClientOptions extends Omit<ClientOptions, 'apiKey' | 'userId'> {
  /**
   * The operator's admin key (the gateway's ADMIN_API_KEY), sent as `x-admin-key`.
   * @default process.env.OMNIGATE_ADMIN_KEY
   */
  adminKey?: string | undefined;
}

/** A call's options on the admin API: `Client`'s, but no `userId` (the admin API attributes no cost to a user). */
export type AdminCallOptions = Omit<CallOptions, 'userId'>;

/** `listProjects()`'s filter, in the wire's casing as every other admin parameter is. */
export interface ListProjectsQuery {
  /** Only this organisation's projects. */
  org_id?: string | undefined;
  /** @deprecated The old spelling of `org_id`, still taken. */
  orgId?: string | undefined;
}

/** What AdminClient takes: `Client`'s options less the gateway key and the user id, plus the admin key. */
const { apiKey: _apiKey, userId: _userId, ...SHARED } = CLIENT;
const ADMIN = { ...SHARED, adminKey: header };

/**
 * The admin API: organisations, their projects (each with its own key, budgets and rate limit), an organisation's
 * metrics. The admin key is never shown: not by printing the client, not in an error or a log line. It never sends a
 * gateway key or a user id.
 *
 * @example
 * ```ts
 * import { AdminClient } from 'omnigate';
 *
 * await using admin = new AdminClient({ adminKey: process.env.OMNIGATE_ADMIN_KEY, baseURL: 'https://gw.example.com' });
 * const org = await admin.createOrg({ name: 'acme', monthly_budget: 100 });
 * const project = await admin.createProject({ org_id: org.id, name: 'web', rate_limit_per_min: 120 });
 * console.log(project.api_key); // the project's key, shown this once
 * ```
 */
export class AdminClient {
  /** The gateway's address this client talks to. */
  readonly baseURL: string;
  #calls: Caller;

  constructor(options: AdminClientOptions = {}) {
    checkAll(options, ADMIN, '');
    const { adminKey = readEnv('OMNIGATE_ADMIN_KEY'), ...rest } = options;
    if (!adminKey) throw new InvalidArgumentError('adminKey', 'expected the admin key (or OMNIGATE_ADMIN_KEY in the environment)');
    checkAll({ adminKey }, ADMIN, '');
    const resolved = resolveOptions(rest, adminKey);
    this.baseURL = resolved.baseURL;
    this.#calls = new Caller({ ...resolved, headers: { ...resolved.headers, 'x-admin-key': adminKey } });
    internals.set(this, this.#calls);
  }

  /** One call; refuses a `userId` (the admin API attributes nothing to a user, and AdminClient sends no x-user-id). */
  #call<O extends Operation, R = ResultOf<O>>(
    op: O,
    params: ParamsOf<O> | (() => ParamsOf<O>),
    options: AdminCallOptions | undefined,
    map?: (value: ResultOf<O>) => R,
  ): APIPromise<NoInfer<R>> {
    // Checked as the call is prepared, as every bad argument is: the call rejects, it does not throw.
    const checked = () => {
      if ((options as CallOptions | undefined)?.userId !== undefined) {
        throw new InvalidArgumentError('options.userId', 'the admin API attributes no cost to a user: AdminClient sends no x-user-id');
      }
      return typeof params === 'function' ? params() : params;
    };
    return this.#calls.call(op, checked, options, map);
  }

  /**
   * POST /v1/admin/orgs: an organisation; budgets in USD (0 means none), back as 4-decimal strings.
   * @example
   * ```ts
   * const org = await admin.createOrg({ name: 'acme', daily_budget: 5, monthly_budget: 100 });
   * ```
   */
  createOrg(body: T.OrganisationCreate, options?: AdminCallOptions): APIPromise<T.Organisation> {
    return this.#call(ops.createOrg, storable(ops.createOrg, ops.createOrgBody, body), options);
  }

  /**
   * GET /v1/admin/orgs: every organisation, oldest first.
   * @example
   * ```ts
   * for (const org of await admin.listOrgs()) console.log(org.name, org.monthly_budget);
   * ```
   */
  listOrgs(options?: AdminCallOptions): APIPromise<T.Organisation[]> {
    return this.#call(ops.listOrgs, {}, options);
  }

  /**
   * POST /v1/admin/projects: a project and its key, in `api_key` this once. The key is readable but not
   * enumerable: printing, spreading or `JSON.stringify` of the result leaves it out, so a logged result never leaks it.
   * @example
   * ```ts
   * const project = await admin.createProject({ org_id: org.id, name: 'web', daily_budget: 2.5 });
   * await saveSecret(project.id, project.api_key);
   * ```
   */
  createProject(body: T.ProjectCreate, options?: AdminCallOptions): APIPromise<T.ProjectCreated> {
    return this.#call(ops.createProject, storable(ops.createProject, ops.createProjectBody, body), options, hideKey);
  }

  /**
   * GET /v1/admin/projects: projects, oldest first, of one organisation or of all.
   * @example
   * ```ts
   * const projects = await admin.listProjects({ org_id: org.id });
   * ```
   */
  listProjects(query: ListProjectsQuery = {}, options?: AdminCallOptions): APIPromise<T.Project[]> {
    return this.#call(ops.listProjects, { query: only({ org_id: query.org_id ?? query.orgId }) }, options);
  }

  /**
   * GET /v1/admin/orgs/{org_id}/metrics: an organisation's metrics, with the same query as `Client.metrics()`.
   * @example
   * ```ts
   * const month = await admin.orgMetrics(org.id, { range: '30d', group_by: 'model' });
   * console.log(month.totals.cost_usd);
   * ```
   */
  orgMetrics(orgId: string, query: MetricsQuery = {}, options?: AdminCallOptions): APIPromise<T.Metrics> {
    return this.#call(ops.orgMetrics, { path: { org_id: orgId }, query }, options);
  }

  /**
   * Aborts the calls in flight (they reject with AbortError) and refuses new ones.
   * @example
   * ```ts
   * await admin.close();
   * ```
   */
  async close(): Promise<void> {
    this.#calls.close();
  }

  /**
   * `await using` closes the client at the end of the block.
   * @example
   * ```ts
   * await using admin = new AdminClient({ adminKey });
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** A query without its undefined parameters. */
const only = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as Record<string, string>;

/** A new project's key stays readable but not enumerable: printing, spreading or `JSON.stringify` leaves it out. */
const hideKey = (project: T.ProjectCreated) => Object.defineProperty(project, 'api_key', { enumerable: false, value: project.api_key });

/**
 * The call's params, made when it is sent: `body` if the gateway can store it, checked against the document first
 * (lengths, the budgets' NUMERIC(12,4) and the rate limit's 32-bit column, for which the gateway answers a 500), and
 * not a budget that would be stored as 0.0000 (which means no limit) though it is not 0. A value outside them is an
 * InvalidArgumentError naming the field and the limit.
 */
function storable<B extends object>(op: Operation, checker: Checker, body: B): () => { body: B } {
  return () => {
    const at = `${op.method} ${op.path}`;
    const [issue] = validate(body, checker.schema, 1);
    if (issue) throw new InvalidArgumentError(issue.path || 'body', issue.message, at);
    for (const [name, field] of Object.entries(checker.schema.properties ?? {})) {
      const value = (body as Record<string, unknown>)[name];
      if (field.decimals === undefined || typeof value !== 'number' || value === 0) continue;
      // Rounded half away from zero to `decimals` places, a value below half of the last place is stored as 0.
      const smallest = 10 ** -field.decimals;
      if (value < smallest / 2) {
        throw new InvalidArgumentError(
          name,
          `${value} would be stored as ${(0).toFixed(field.decimals)}, and 0 means no limit: pass 0 for none, or at least ${smallest.toFixed(field.decimals)}`,
          at,
        );
      }
    }
    return { body };
  };
}
