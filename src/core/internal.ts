// What the package's own subpaths (omnigate/fetch) may reach of a client and apps may not: its transport and how
// it prepares a call. Keyed by the client, so nothing of it shows on the client object itself.
import type { Caller } from './caller.js';

export const internals = new WeakMap<object, Caller>();
