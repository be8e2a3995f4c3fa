// Types for scripts/passes.mjs, which the tests import.
import type { Schema } from '../src/core/validate.js';

/** TypeScript declaring `name`, whether a value passes `schema`, as code; throws on a keyword it does not write. */
export function passesCode(name: string, schema: Schema): string;
