// Public names for the document's wire objects: every schema by name (generated), in the wire's snake_case.
import type { operations } from '../generated/schema.js';

export type { components, operations, paths } from '../generated/schema.js';
export type * from '../generated/types.js';
/** The query of `metrics()`: a `range`, or a `from`/`to` window, and an optional `group_by` and `granularity`. */
export type MetricsQuery = NonNullable<operations['metrics']['parameters']['query']>;
export type { MessagesInput } from './messages.js';

// `Client[Symbol.asyncDispose]`: declared here so that client.ts holds the client alone.
declare global {
  interface SymbolConstructor {
    /**
     * Declared as the TypeScript library and @types/node declare it, so that apps whose `lib` predates explicit
     * resource management still type-check these declarations; runtimes without it simply have no `await using`.
     */
    readonly asyncDispose: unique symbol;
  }
}
