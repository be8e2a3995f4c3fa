// What the mock gateway remembers: organisations, projects, gateway keys, provider keys, and a record of every chat
// call (what metrics, budgets and the rate limit are computed from). In memory, per mock.
import type { ProviderName } from '../core/routing.js';

export interface Org {
  id: string;
  name: string;
  dailyBudget: number;
  monthlyBudget: number;
  createdAt: number;
}

export interface Project {
  id: string;
  org: Org;
  name: string;
  rateLimitPerMin: number;
  dailyBudget: number;
  monthlyBudget: number;
  providers: Map<ProviderName, Record<string, unknown> | null>;
  /** The prefix of the key made at sign-up (`/v1/me` shows it). */
  keyPrefix: string;
  createdAt: number;
}

export interface GatewayKey {
  id: string;
  project: Project;
  name: string | null;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export type UsageStatus = 'ok' | 'cache_hit' | 'error' | 'incomplete';

export interface UsageRecord {
  at: number;
  project: Project;
  userId: string | null;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  status: UsageStatus;
  latencyMs: number;
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 32 random hex characters: the gateway's request ids. */
export function hex32(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `llmg_` and 43 URL-safe characters, as the gateway mints keys. */
function mintKey(): string {
  return `llmg_${Array.from(crypto.getRandomValues(new Uint8Array(43)), (b) => URL_SAFE[b & 63]).join('')}`;
}

/** After this many transient failures in a row a provider's circuit opens for a project, for `CIRCUIT_OPEN_MS`. */
const CIRCUIT_THRESHOLD = 5;
const CIRCUIT_OPEN_MS = 30_000;

/** The gateway's state, changed only through its methods. `now` is the mock's clock (milliseconds). */
export class GatewayState {
  readonly #keys = new Map<string, GatewayKey>();
  readonly #orgs: Org[] = [];
  readonly #projects: Project[] = [];
  readonly #usage: UsageRecord[] = [];
  /** Requests in the current minute, per project: the rate limiter's fixed window. */
  readonly #windows = new Map<Project, { minute: number; count: number }>();
  /** Cached answers, by request. */
  readonly #cache = new Map<string, unknown>();
  /** Consecutive transient failures per provider and project, and when the circuit opened. */
  readonly #circuits = new Map<string, { failures: number; openedAt: number | null }>();

  constructor(readonly now: () => number) {}

  /** Every organisation, oldest first (what the admin API lists). */
  get orgs(): readonly Org[] {
    return this.#orgs;
  }

  /** Every project, oldest first. */
  get projects(): readonly Project[] {
    return this.#projects;
  }

  /** Every chat call's record, oldest first: what metrics and budgets add up. */
  get usage(): readonly UsageRecord[] {
    return this.#usage;
  }

  /** A chat call, recorded now. */
  record(call: Omit<UsageRecord, 'at'>): void {
    this.#usage.push({ at: this.now(), ...call });
  }

  /** Counts a call against the project's rate limit: the calls in the current minute, this one included. */
  countCall(project: Project): number {
    const minute = Math.floor(this.now() / 60_000);
    let window = this.#windows.get(project);
    if (!window || window.minute !== minute) {
      window = { minute, count: 0 };
      this.#windows.set(project, window);
    }
    return ++window.count;
  }

  /** A cached answer. */
  cached<T>(key: string): T | undefined {
    return this.#cache.get(key) as T | undefined;
  }

  cache(key: string, answer: unknown): void {
    this.#cache.set(key, answer);
  }

  /** Whether the provider's circuit is open for the project (failing fast with a 503). */
  circuitOpen(provider: string, project: Project): boolean {
    const openedAt = this.#circuits.get(`${provider}:${project.id}`)?.openedAt;
    return openedAt != null && this.now() - openedAt < CIRCUIT_OPEN_MS;
  }

  /** A provider call's outcome for its circuit: a transient failure (a 5xx) counts, anything else resets. */
  providerCalled(provider: string, project: Project, transientFailure: boolean): void {
    const key = `${provider}:${project.id}`;
    const failures = transientFailure ? (this.#circuits.get(key)?.failures ?? 0) + 1 : 0;
    this.#circuits.set(key, { failures, openedAt: failures >= CIRCUIT_THRESHOLD ? this.now() : null });
  }

  /** Stores a provider key's presence (the mock never keeps the key) and its meta. */
  setProviderKey(project: Project, provider: ProviderName, meta: Record<string, unknown> | null): void {
    project.providers.set(provider, meta);
  }

  /** Sign-up: an organisation, its first project, and the project's key (returned in clear, once). */
  signup(email: string, orgName: string | null, projectName: string, key = mintKey()): { project: Project; key: string } {
    return this.createProject(this.createOrg(orgName ?? email), projectName, {}, key);
  }

  /** An organisation (the admin API's, or sign-up's). */
  createOrg(name: string, budgets: { dailyBudget?: number; monthlyBudget?: number } = {}): Org {
    const org: Org = { id: crypto.randomUUID(), name, dailyBudget: 0, monthlyBudget: 0, ...budgets, createdAt: this.now() };
    this.#orgs.push(org);
    return org;
  }

  /** A project of an organisation, and its first key (returned in clear, once). */
  createProject(
    org: Org,
    name: string,
    limits: { dailyBudget?: number; monthlyBudget?: number; rateLimitPerMin?: number } = {},
    key = mintKey(),
  ): { project: Project; key: string } {
    const project: Project = {
      id: crypto.randomUUID(),
      org,
      name,
      rateLimitPerMin: 60,
      dailyBudget: 0,
      monthlyBudget: 0,
      ...limits,
      providers: new Map(),
      keyPrefix: key.slice(0, 12),
      createdAt: this.now(),
    };
    this.#projects.push(project);
    this.#store(key, project, null);
    return { project, key };
  }

  /** A named gateway key for a project. */
  createKey(project: Project, name: string): { record: GatewayKey; key: string } {
    const key = mintKey();
    return { record: this.#store(key, project, name), key };
  }

  #store(key: string, project: Project, name: string | null): GatewayKey {
    const record: GatewayKey = {
      id: crypto.randomUUID(),
      project,
      name,
      prefix: key.slice(0, 12),
      createdAt: this.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    this.#keys.set(key, record);
    return record;
  }

  /** The live key record for a key, marking it used; undefined for an unknown or revoked key. */
  authenticate(key: string): GatewayKey | undefined {
    const record = this.#keys.get(key);
    if (!record || record.revokedAt !== null) return undefined;
    if (record.name !== null) record.lastUsedAt = this.now();
    return record;
  }

  /** A project's named keys, oldest first (the sign-up key is not listed). */
  namedKeys(project: Project): GatewayKey[] {
    return [...this.#keys.values()].filter((k) => k.project === project && k.name !== null);
  }

  /** Spend in USD over the current UTC day or month, for a project or its whole organisation. */
  spend(scope: Project | Org, period: 'day' | 'month'): number {
    const now = new Date(this.now());
    const start =
      period === 'day'
        ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
        : Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    let total = 0;
    for (const r of this.#usage) {
      if (r.at >= start && (r.project === scope || r.project.org === scope)) total += r.cost;
    }
    return Math.round(total * 1e6) / 1e6;
  }
}
