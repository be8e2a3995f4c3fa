// The operators' client: the gateway's admin API (`/v1/admin/*`), with the admin key in `x-admin-key`. The same
// transport, retries, errors, redaction, hooks and options as `Client`; apps that never import it never load it.
import * as ops from '../generated/admin-operations.js';
import type * as T from '../generated/types.js';
import { Caller, type CallOptions } from './core/caller.js';
import type { Checker, Operation } from './core/operation.js';
import { type ClientOptions, resolveOptions } from './core/options.js';
import type { APIPromise } from './core/response.js';
import { validate } from './core/validate.js';
import { InvalidArgumentError } from './errors/errors.js';
import type { MetricsQuery } from './types.js';

/** `Client`'s options, with the admin key in place of the gateway key. */
export interface AdminClientOptions extends Omit<ClientOptions, 'apiKey' | 'userId'> {
  /**
   * The operator's admin key (the gateway's ADMIN_API_KEY), sent as `x-admin-key`.
   * @default process.env.OMNIGATE_ADMIN_KEY
   */
  adminKey?: string | undefined;
}

/** `listProjects()`'s filter. */
export interface ListProjectsQuery {
  /** Only this organisation's projects. */
  orgId?: string | undefined;
}

/**
 * The admin API: organisations, their projects (each with its own key, budgets and rate limit), an organisation's
 * metrics. The admin key is never shown: not by printing the client, not in an error or a log line.
 *
 * @example
 * ```ts
 * import { AdminClient } from 'omnigate';
 *
 * const admin = new AdminClient({ adminKey: process.env.OMNIGATE_ADMIN_KEY, baseURL: 'https://gw.example.com' });
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
    const { adminKey: given, ...rest } = options;
    let adminKey = given;
    try {
      adminKey ??= (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.OMNIGATE_ADMIN_KEY || undefined;
    } catch {}
    if (!adminKey) throw new InvalidArgumentError('adminKey', 'expected the admin key (or OMNIGATE_ADMIN_KEY in the environment)');
    // Checked as a key is (Latin-1, no line breaks); then sent in x-admin-key, never as x-api-key.
    let resolved: ReturnType<typeof resolveOptions>;
    try {
      resolved = resolveOptions({ ...rest, apiKey: adminKey });
    } catch (err) {
      throw err instanceof InvalidArgumentError && err.field === 'apiKey'
        ? new InvalidArgumentError('adminKey', err.message.replace(/^apiKey: /, ''))
        : err;
    }
    this.baseURL = resolved.baseURL;
    this.#calls = new Caller({
      ...resolved,
      apiKey: undefined,
      headers: { ...resolved.headers, 'x-admin-key': adminKey },
      // A gateway key's shape is not an admin key's: only the warning about clear text applies.
      warnings: resolved.warnings.filter((w) => !w.startsWith('apiKey')),
    });
  }

  /**
   * POST /v1/admin/orgs: an organisation; budgets in USD (0 means none), back as 4-decimal strings.
   * @example
   * ```ts
   * const org = await admin.createOrg({ name: 'acme', daily_budget: 5, monthly_budget: 100 });
   * ```
   */
  createOrg(body: T.OrganisationCreate, options?: CallOptions): APIPromise<T.Organisation> {
    return this.#calls.call(ops.createOrg, storable(ops.createOrg, ops.createOrgBody, body), options);
  }

  /**
   * GET /v1/admin/orgs: every organisation, oldest first.
   * @example
   * ```ts
   * for (const org of await admin.listOrgs()) console.log(org.name, org.monthly_budget);
   * ```
   */
  listOrgs(options?: CallOptions): APIPromise<T.Organisation[]> {
    return this.#calls.call(ops.listOrgs, {}, options);
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
  createProject(body: T.ProjectCreate, options?: CallOptions): APIPromise<T.ProjectCreated> {
    return this.#calls.call(ops.createProject, storable(ops.createProject, ops.createProjectBody, body), options, hideKey);
  }

  /**
   * GET /v1/admin/projects: projects, oldest first, of one organisation or of all.
   * @example
   * ```ts
   * const projects = await admin.listProjects({ orgId: org.id });
   * ```
   */
  listProjects(query: ListProjectsQuery = {}, options?: CallOptions): APIPromise<T.Project[]> {
    return this.#calls.call(ops.listProjects, { query: query.orgId === undefined ? {} : { org_id: query.orgId } }, options);
  }

  /**
   * GET /v1/admin/orgs/{org_id}/metrics: an organisation's metrics, with the same query as `Client.metrics()`.
   * @example
   * ```ts
   * const month = await admin.orgMetrics(org.id, { range: '30d', group_by: 'model' });
   * console.log(month.totals.cost_usd);
   * ```
   */
  orgMetrics(orgId: string, query: MetricsQuery = {}, options?: CallOptions): APIPromise<T.Metrics> {
    return this.#calls.call(ops.orgMetrics, { path: { org_id: orgId }, query }, options);
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
}

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
