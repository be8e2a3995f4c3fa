// What the package's own subpaths (omnigate/fetch) may reach of a client and apps may not: its transport and how
// it prepares a call. Keyed by the client, so nothing of it shows on the client object itself.
import type { Outgoing } from './request.js';
import type { CallSettings, TransportConfig } from './transport.js';

export interface ClientInternals {
  transport: TransportConfig;
  /** The settings of a call that sends `headers` (the client's own are added) and `body`. */
  settings(headers: Record<string, string>, body: unknown, signals: AbortSignal[]): CallSettings;
}

export const internals = new WeakMap<object, ClientInternals>();

export type { Outgoing };
