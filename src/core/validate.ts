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

/** The problems with `value`, at most `limit`. */
export function validate(value: unknown, root: Schema, limit = 5): Issue[] {
  const issues: Issue[] = [];
  check(root, value, '', undefined, issues, limit);
  return issues;
}

// On the hot path (every response): no allocation for a value that passes, paths built only to report or descend.
function check(s: Schema, value: unknown, parent: string, key: string | number | undefined, issues: Issue[], limit: number): void {
  if (issues.length >= limit) return;
  if (s.allOf) for (const part of s.allOf) check(part, value, parent, key, issues, limit);
  const choices = s.anyOf;
  if (choices && !choices.some((c) => validate(value, c, 1).length === 0)) {
    // `X or null` with a value that is not null: X's own complaint is the useful one.
    const candidates = value === null ? choices : choices.filter((c) => c.type !== 'null');
    if (candidates.length === 1) check(candidates[0]!, value, parent, key, issues, limit);
    else add(issues, limit, parent, key, value === undefined ? 'missing' : `matches none of its allowed shapes, got ${kindOf(value)}`);
    return;
  }
  const type = s.type;
  if (type !== undefined && !(typeof type === 'string' ? isType(type, value) : type.some((t) => isType(t, value)))) {
    const expected = typeof type === 'string' ? type : type.join(' or ');
    add(issues, limit, parent, key, value === undefined ? 'missing' : `expected ${expected}, got ${kindOf(value)}`);
    return;
  }
  if (s.enum && !s.enum.includes(value))
    add(issues, limit, parent, key, `expected one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  // Bounds: a number's value, a string's length in characters, an array's length in items.
  let size = 0;
  let min: number | undefined;
  let max: number | undefined;
  let unit = '';
  if (typeof value === 'number') {
    size = value;
    min = s.minimum;
    max = s.maximum;
  } else if (typeof value === 'string') {
    size = value.length;
    min = s.minLength;
    max = s.maxLength;
    unit = ' characters';
  } else if (Array.isArray(value)) {
    size = value.length;
    min = s.minItems;
    max = s.maxItems;
    unit = ' item(s)';
  }
  if (min !== undefined && size < min) add(issues, limit, parent, key, `expected at least ${min}${unit}`);
  if (max !== undefined && size > max) add(issues, limit, parent, key, `expected at most ${max}${unit}`);
  if (Array.isArray(value)) {
    if (!s.items) return;
    const path = pathOf(parent, key);
    for (let i = 0; i < value.length; i++) check(s.items, value[i], path, i, issues, limit);
  } else if (isObject(value)) {
    const record = value as Record<string, unknown>;
    const path = pathOf(parent, key);
    for (const name of s.requiredAll ? Object.keys(s.properties!) : (s.required ?? [])) {
      if (record[name] === undefined) add(issues, limit, path, name, 'missing');
    }
    const rest = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const name in record) {
      const sub = s.properties?.[name] ?? rest;
      if (sub && record[name] !== undefined) check(sub, record[name], path, name, issues, limit);
    }
  }
}

function add(issues: Issue[], limit: number, parent: string, key: string | number | undefined, message: string): void {
  if (issues.length < limit) issues.push({ path: pathOf(parent, key), message });
}

/** `messages[0].role`: a child's path from its parent's. */
function pathOf(parent: string, key: string | number | undefined): string {
  if (key === undefined) return parent;
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isType(type: string, value: unknown): boolean {
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
