// Checks a JSON value against one of the document's schemas (generated/schemas.gen.ts, as data). Pure.
// It reads the subset of JSON Schema the document uses; a test fails if the document ever uses more.
import * as g from '../generated/schemas.gen.js';

export * as schemas from '../generated/schemas.gen.js';

export interface Schema {
  $ref?: string;
  type?: string | readonly string[];
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: readonly unknown[];
  const?: unknown;
  oneOf?: readonly Schema[];
  anyOf?: readonly Schema[];
  allOf?: readonly Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

/** The keywords `check` understands; anything else in the document is a gap (see test/unit/validate.test.ts). */
export const KEYWORDS = [
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'oneOf',
  'anyOf',
  'allOf',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'default',
] as const;

// The schemas that others refer to with $ref. Named one by one so that bundlers leave out the rest of the
// document (request and error shapes); a test checks that every $ref the client can reach resolves here.
const registry: Record<string, Schema> = {
  ApiKeyOut: g.ApiKeyOutSchema,
  CompletionUsage: g.CompletionUsageSchema,
  Decimal: g.DecimalSchema,
  Message: g.MessageSchema,
  MetricsBreakdownRow: g.MetricsBreakdownRowSchema,
  MetricsPoint: g.MetricsPointSchema,
  MetricsTotals: g.MetricsTotalsSchema,
  ModelCard: g.ModelCardSchema,
  Pricing: g.PricingSchema,
  Role: g.RoleSchema,
  Usage: g.UsageSchema,
};

export function resolve(ref: string): Schema {
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const found = registry[name];
  if (!found) throw new Error(`omnigate: schema ${name} is not registered in src/validate.ts`);
  return found;
}

export interface Issue {
  /** Where, such as `messages[0].role` or `usage.total_tokens`; empty for the whole value. */
  path: string;
  /** What is wrong, naming kinds and limits, never quoting the value (an answer may carry a key). */
  message: string;
}

/** The problems with `value`, at most `limit`. */
export function validate(value: unknown, root: Schema, limit = 5): Issue[] {
  const issues: Issue[] = [];
  check(root, value, '', issues, limit);
  return issues;
}

function check(s: Schema, value: unknown, path: string, issues: Issue[], limit: number): void {
  if (issues.length >= limit) return;
  const fail = (message: string, at = path) => {
    if (issues.length < limit) issues.push({ path: at, message });
  };
  if (s.$ref) {
    check(resolve(s.$ref), value, path, issues, limit);
    return;
  }
  if (s.allOf) for (const part of s.allOf) check(part, value, path, issues, limit);
  const choices = s.oneOf ?? s.anyOf;
  if (choices && !choices.some((c) => validate(value, c, 1).length === 0)) {
    // `X or null` with a value that is not null: X's own complaint is the useful one.
    const candidates = value === null ? choices : choices.filter((c) => c.type !== 'null');
    if (candidates.length === 1) check(candidates[0]!, value, path, issues, limit);
    else fail(value === undefined ? 'missing' : `matches none of its allowed shapes, got ${kindOf(value)}`);
    return;
  }
  if (s.type !== undefined) {
    const types = typeof s.type === 'string' ? [s.type] : s.type;
    if (!types.some((t) => isType(t, value))) {
      fail(value === undefined ? 'missing' : `expected ${types.join(' or ')}, got ${kindOf(value)}`);
      return;
    }
  }
  if (s.const !== undefined && value !== s.const) fail(`expected ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(value)) fail(`expected one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  // Bounds: a number's value, a string's length in characters, an array's length in items.
  const [size, min, max, unit] =
    typeof value === 'number'
      ? [value, s.minimum, s.maximum, '']
      : typeof value === 'string'
        ? [value.length, s.minLength, s.maxLength, ' characters']
        : Array.isArray(value)
          ? [value.length, s.minItems, s.maxItems, ' item(s)']
          : [0];
  if (min !== undefined && size < min) fail(`expected at least ${min}${unit}`);
  if (max !== undefined && size > max) fail(`expected at most ${max}${unit}`);
  if (Array.isArray(value)) {
    if (s.items) for (let i = 0; i < value.length; i++) check(s.items, value[i], `${path}[${i}]`, issues, limit);
  } else if (isObject(value)) {
    const record = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (record[key] === undefined) fail('missing', join(path, key));
    for (const key in record) {
      const sub = s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (sub && record[key] !== undefined) check(sub, record[key], join(path, key), issues, limit);
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isObject(value: unknown): boolean {
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

/** What a value is, for messages: its kind, never its content (an answer may carry a key). */
export function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
