// The mock's request checks, derived from the document: each route's parameters and body as generated/routes.ts gives
// their schemas, turned into pydantic's checks and wording (body.ts), with the gateway's own departures from the
// document laid over them (quirks.ts). Adding an operation to the document gives it its checks here, unedited.
import { routes } from '../../generated/routes.js';
import type { Schema } from '../core/validate.js';
import { any, bool, dict, list, literal, model, nullable, num, type Problem, type Rule, str, uuid } from './body.js';
import { QUIRKS } from './quirks.js';

/** A request schema as generated/routes.ts holds it: the validator's keywords, and a component's name and a format. */
export interface RequestSchema extends Omit<Schema, 'properties' | 'additionalProperties' | 'items' | 'anyOf' | 'allOf'> {
  title?: string;
  format?: string;
  properties?: Readonly<Record<string, RequestSchema>>;
  additionalProperties?: boolean | RequestSchema;
  items?: RequestSchema;
  anyOf?: readonly RequestSchema[];
}

/** A route, by the document's operation id. */
export type RouteId = (typeof routes)[number]['id'];

/** A route as generated/routes.ts gives it: what the checks are made from. */
export interface RouteEntry {
  id: string;
  params?: ReadonlyArray<{ in: string; name: string; required?: boolean; schema: RequestSchema }>;
  body?: RequestSchema;
}

/** One route's checks: its body's, and each path or query parameter's by name. */
export interface RouteChecks {
  body?: Rule;
  params: ReadonlyArray<{ in: string; name: string; required: boolean; rule: Rule }>;
}

const SNAKE = /(?:^|_)(\w)/g;
const pascal = (name: string) => name.replace(SNAKE, (_, c: string) => c.toUpperCase());

/** The name pydantic gives a union's member in an error's `loc` (`str`, `list[str]`, a model's class name). */
function tagOf(s: RequestSchema): string {
  const type = typeof s.type === 'string' ? s.type : s.type?.find((t) => t !== 'null');
  switch (type) {
    case 'string':
      return s.format === 'uuid' ? 'uuid' : 'str';
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'array':
      return `list[${s.items ? tagOf(s.items) : 'any'}]`;
    case 'object':
      return s.title ?? 'dict[str,any]';
    default:
      return 'any';
  }
}

/** A union with no member that takes the value fails with every member's problems, each under its member's tag. */
function union(members: RequestSchema[], field: string): Rule {
  const rules = members.map((m) => [tagOf(m), ruleOf(m, field)] as const);
  return (v, loc) => {
    const all = [];
    for (const [tag, rule] of rules) {
      const problems = rule(v, [...loc, tag]);
      if (problems.length === 0) return [];
      all.push(...problems);
    }
    return all;
  };
}

/** A schema's check with pydantic's wording. `field` names the model an unnamed inline object stands for. */
export function ruleOf(s: RequestSchema, field = ''): Rule {
  if (s.anyOf) {
    const members = s.anyOf.filter((m) => m.type !== 'null');
    const rule = members.length === 1 ? ruleOf(members[0]!, field) : union(members, field);
    return members.length < s.anyOf.length ? nullable(rule) : rule;
  }
  if (Array.isArray(s.type)) {
    const rest = s.type.filter((t) => t !== 'null');
    const rule = ruleOf({ ...s, type: rest.length === 1 ? rest[0] : rest }, field);
    return rest.length < s.type.length ? nullable(rule) : rule;
  }
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return uuid;
      if (s.enum) return literal(...s.enum);
      return str(s.minLength, s.maxLength);
    case 'integer':
    case 'number':
      if (s.enum) return literal(...s.enum);
      return num({ ge: s.minimum, le: s.maximum, integer: s.type === 'integer' });
    case 'boolean':
      return bool;
    case 'array':
      return list(s.items ? ruleOf(s.items, field) : any, s.minItems, s.maxItems);
    case 'object': {
      if (s.additionalProperties === true && !s.required) return dict;
      const fields = Object.fromEntries(Object.entries(s.properties ?? {}).map(([name, sub]) => [name, ruleOf(sub, name)]));
      return model(s.title ?? pascal(field), fields, [...(s.required ?? [])]);
    }
    default:
      return any;
  }
}

/** `schema` with the part at `path` (property names; `[]` for an array's items) replaced. */
function replaced(schema: RequestSchema, path: readonly string[], by: RequestSchema): RequestSchema {
  if (path.length === 0) return by;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '[]') return { ...schema, items: replaced(schema.items ?? {}, rest, by) };
  return { ...schema, properties: { ...schema.properties, [head]: replaced(schema.properties?.[head] ?? {}, rest, by) } };
}

/** A route's checks from its entry in generated/routes.ts (or one like it). */
export function checksFor(route: RouteEntry): RouteChecks {
  const quirks = QUIRKS.filter((q) => q.route === route.id);
  const apply = (where: string, name: string, schema: RequestSchema) =>
    quirks
      .filter((q) => q.in === where && (where === 'body' || q.at[0] === name))
      .reduce((s, q) => replaced(s, where === 'body' ? q.at : q.at.slice(1), q.schema), schema);
  const { body, params = [] } = route;
  return {
    body: body && ruleOf(apply('body', '', body)),
    params: params.map((p) => ({ in: p.in, name: p.name, required: !!p.required, rule: ruleOf(apply(p.in, p.name, p.schema), p.name) })),
  };
}

const CHECKS = new Map<RouteId, RouteChecks>(routes.map((r) => [r.id, checksFor(r)]));

/** The checks of a route, by operation id. */
export const checksOf = (id: RouteId): RouteChecks => CHECKS.get(id)!;

/** The problems with a request's path parameter (`pathValue`, as routed) and query, as FastAPI lists them. */
export function paramProblems(id: RouteId, pathValue: string, query: URLSearchParams): Problem[] {
  return checksOf(id).params.flatMap((p) => {
    const value = p.in === 'path' ? pathValue : query.get(p.name);
    if (value !== null) return p.rule(value, [p.in, p.name]);
    return p.required ? [{ type: 'missing', loc: [p.in, p.name], msg: 'Field required', input: null }] : [];
  });
}
