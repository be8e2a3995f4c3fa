// Checks a JSON value against one of the document's schemas (as data in generated/operations.ts, self-contained).
// Pure. It reads the subset of JSON Schema the document uses; a test fails if the document ever uses more.

export interface Schema {
  type?: string | readonly string[];
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  /** This project's shorthand (generated/operations.ts): every property in `properties` is required. */
  requiredAll?: boolean;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: readonly unknown[];
  anyOf?: readonly Schema[];
  allOf?: readonly Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  /** The decimal places the gateway stores a number with (the document's `x-omnigate-decimals`): AdminClient's check, not validate()'s. */
  decimals?: number;
}

/** The keywords `validate` understands; anything else in the document is a gap (see test/unit/validate.test.ts). */
export const KEYWORDS = [
  'type',
  'properties',
  'required',
  'requiredAll',
  'additionalProperties',
  'items',
  'enum',
  'anyOf',
  'allOf',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'decimals',
] as const;

export interface Issue {
  /** Where, such as `messages[0].role` or `usage.total_tokens`; empty for the whole value. */
  path: string;
  /** What is wrong, naming kinds and limits, never quoting the value (a response may carry a key). */
  message: string;
}

// One check runs at a time (it is synchronous): the path being checked, as a stack of keys turned into text only for
// an issue, and the issues, an array made only for the first one. A value that passes allocates nothing of its own.
// A streamed chunk, checked hundreds of times a call, is checked first by code generated from its schema
// (scripts/passes.mjs); this reads the schema as data, for a response (once a call) and for a chunk's issues.
const at: Array<string | number> = [];
let found: Issue[] | undefined;
let max = 0;

/** The problems with `value`, at most `limit`. */
export function validate(value: unknown, root: Schema, limit = 5): Issue[] {
  // anyOf runs a check inside a check: the outer one's state is put back after.
  const outerFound = found;
  const outerMax = max;
  const depth = at.length;
  found = undefined;
  max = limit;
  check(root, value);
  const issues = found ?? NONE;
  found = outerFound;
  max = outerMax;
  while (at.length > depth) at.pop(); // not `length =`, a call into the runtime (see stream-call.ts)
  return issues;
}
const NONE: Issue[] = [];

function check(s: Schema, value: unknown): void {
  if (found && found.length >= max) return;
  if (s.allOf) for (const part of s.allOf) check(part, value);
  const choices = s.anyOf;
  if (choices && !matchesAny(choices, value)) {
    // `X or null` with a value that is not null: X's own complaint is the useful one.
    const candidates = value === null ? choices : choices.filter((c) => c.type !== 'null');
    if (candidates.length === 1) check(candidates[0]!, value);
    else add(value === undefined ? 'missing' : `matches none of its allowed shapes, got ${kindOf(value)}`);
    return;
  }
  const type = s.type;
  if (type !== undefined && !isType(type, value)) {
    add(value === undefined ? 'missing' : `expected ${typeof type === 'string' ? type : type.join(' or ')}, got ${kindOf(value)}`);
    return;
  }
  if (s.enum && !s.enum.includes(value)) add(`expected one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  // Bounds: a number's value, a string's length in characters, an array's length in items.
  let size = 0;
  let min: number | undefined;
  let most: number | undefined;
  let unit = '';
  if (typeof value === 'number') {
    size = value;
    min = s.minimum;
    most = s.maximum;
  } else if (typeof value === 'string') {
    size = value.length;
    min = s.minLength;
    most = s.maxLength;
    unit = ' characters';
  } else if (Array.isArray(value)) {
    size = value.length;
    min = s.minItems;
    most = s.maxItems;
    unit = ' item(s)';
  }
  if (min !== undefined && size < min) add(`expected at least ${min}${unit}`);
  if (most !== undefined && size > most) add(`expected at most ${most}${unit}`);
  if (Array.isArray(value)) {
    if (s.items) for (let i = 0; i < value.length; i++) inside(i, s.items, value[i]);
  } else if (isObject(value)) {
    const record = value as Record<string, unknown>;
    const { properties, additionalProperties: other } = s;
    // Names read in place (no array of them made per object checked).
    if (s.requiredAll) for (const name in properties) if (record[name] === undefined) add('missing', name);
    if (s.required) for (const name of s.required) if (record[name] === undefined) add('missing', name);
    const rest = typeof other === 'object' ? other : undefined;
    for (const name in record) {
      // Own properties only: a field named `constructor` is not checked against Object.prototype's.
      const sub = properties && Object.hasOwn(properties, name) ? properties[name] : rest;
      if (sub && record[name] !== undefined) inside(name, sub, record[name]);
    }
  }
}

/**
 * Whether `value` passes one of `choices`. A function of its own: a closure over `value` inside check() would make
 * every call of check() allocate a context for it (about 40 bytes a schema node, on every response).
 */
function matchesAny(choices: readonly Schema[], value: unknown): boolean {
  for (const choice of choices) if (validate(value, choice, 1).length === 0) return true;
  return false;
}

/** Checks a property or an item, its key on the path meanwhile. */
function inside(key: string | number, s: Schema, value: unknown): void {
  at.push(key);
  check(s, value);
  at.pop();
}

/** An issue at the path being checked (or at its child `key`), while under the limit: `messages[0].role`. */
function add(message: string, key?: string): void {
  found ??= [];
  if (found.length >= max) return;
  let path = '';
  for (const k of key === undefined ? at : [...at, key]) path += typeof k === 'number' ? `[${k}]` : path ? `.${k}` : k;
  found.push({ path, message });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isType(type: string | readonly string[], value: unknown): boolean {
  if (typeof type !== 'string') {
    for (const t of type) if (isType(t, value)) return true;
    return false;
  }
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/** What a value is, for messages: its kind, never its content (a response may carry a key). */
export function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
