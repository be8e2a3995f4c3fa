// pydantic's checks as the gateway's FastAPI applies them, with the same 422 entries (`{type, loc, msg, input, ctx?}`)
// and the same wording: one per kind of value, put together for each route from the document by checks.ts; and
// `readBody`, a request body read as FastAPI reads it.

export interface Problem {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** A field's check: the problems with `value` at `loc` (none when it is fine). `undefined` means absent. */
export type Rule = (value: unknown, loc: Array<string | number>) => Problem[];

const problem = (type: string, loc: Array<string | number>, msg: string, input: unknown, ctx?: Record<string, unknown>): Problem =>
  ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** null allowed, else the rule. */
export const nullable =
  (rule: Rule): Rule =>
  (v, loc) =>
    v === null ? [] : rule(v, loc);

export function str(min = 0, max = Number.POSITIVE_INFINITY): Rule {
  return (v, loc) => {
    if (typeof v !== 'string') return [problem('string_type', loc, 'Input should be a valid string', v)];
    if (v.length < min) {
      const s = min === 1 ? '' : 's';
      return [problem('string_too_short', loc, `String should have at least ${min} character${s}`, v, { min_length: min })];
    }
    if (v.length > max) {
      return [problem('string_too_long', loc, `String should have at most ${max} characters`, v, { max_length: max })];
    }
    return [];
  };
}

/** A number (pydantic's lax mode takes numeric strings too); `integer` refuses fractions. */
export function num(options: { ge?: number; le?: number; integer?: boolean } = {}): Rule {
  return (v, loc) => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
    if (typeof v === 'boolean' || Number.isNaN(n)) {
      return [
        options.integer
          ? problem('int_type', loc, 'Input should be a valid integer', v)
          : problem('float_type', loc, 'Input should be a valid number', v),
      ];
    }
    if (options.integer && !Number.isInteger(n)) {
      return [problem('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', v)];
    }
    if (options.ge !== undefined && n < options.ge) {
      return [problem('greater_than_equal', loc, `Input should be greater than or equal to ${options.ge}`, v, { ge: options.ge })];
    }
    if (options.le !== undefined && n > options.le) {
      return [problem('less_than_equal', loc, `Input should be less than or equal to ${options.le}`, v, { le: options.le })];
    }
    return [];
  };
}

export const bool: Rule = (v, loc) =>
  typeof v === 'boolean' || v === 0 || v === 1 || (typeof v === 'string' && /^(true|false|yes|no|on|off|[01])$/i.test(v))
    ? []
    : [problem('bool_type', loc, 'Input should be a valid boolean', v)];

/** One of these values (pydantic's `Literal`): strings quoted in the message, numbers as they are. */
export function literal(...values: readonly unknown[]): Rule {
  const expected = values.map((x) => (typeof x === 'string' ? `'${x}'` : String(x)));
  const text = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}` : expected[0]!;
  return (v, loc) => (values.includes(v) ? [] : [problem('literal_error', loc, `Input should be ${text}`, v, { expected: text })]);
}

export function list(item: Rule, min = 0, max = Number.POSITIVE_INFINITY): Rule {
  return (v, loc) => {
    if (!Array.isArray(v)) return [problem('list_type', loc, 'Input should be a valid list', v)];
    const inner = v.flatMap((x, i) => item(x, [...loc, i]));
    if (inner.length) return inner;
    if (v.length < min) {
      const s = min === 1 ? '' : 's';
      const msg = `List should have at least ${min} item${s} after validation, not ${v.length}`;
      return [problem('too_short', loc, msg, v, { field_type: 'List', min_length: min, actual_length: v.length })];
    }
    if (v.length > max) {
      const msg = `List should have at most ${max} items after validation, not ${v.length}`;
      return [problem('too_long', loc, msg, v, { field_type: 'List', max_length: max, actual_length: v.length })];
    }
    return [];
  };
}

export const dict: Rule = (v, loc) => (isObject(v) ? [] : [problem('dict_type', loc, 'Input should be a valid dictionary', v)]);

const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID as pydantic parses one, with its wording for the first bad character. */
export const uuid: Rule = (v, loc) => {
  if (typeof v === 'string' && UUID.test(v)) return [];
  const text = String(v);
  const at = [...text].findIndex((c) => !/[0-9a-fA-F-]/.test(c));
  const error = `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${text[at] ?? ''}\` at ${at + 1}`;
  return [problem('uuid_parsing', loc, `Input should be a valid UUID, ${error}`, v, { error })];
};

/** A UUID's canonical form, to compare ids however they were written. */
export const uuidKey = (v: string): string =>
  v
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/-/g, '');

/** Anything at all. */
export const any: Rule = () => [];

/** An object with these fields; `required` fields must be present. Unknown fields are ignored, as the gateway does. */
export function model(name: string, fields: Record<string, Rule>, required: string[]): Rule {
  return (v, loc) => {
    if (!isObject(v)) {
      return [problem('model_type', loc, `Input should be a valid dictionary or instance of ${name}`, v, { class_name: name })];
    }
    const out: Problem[] = [];
    for (const [field, rule] of Object.entries(fields)) {
      if (!(field in v) || v[field] === undefined) {
        if (required.includes(field)) out.push(problem('missing', [...loc, field], 'Field required', v));
      } else out.push(...rule(v[field], [...loc, field]));
    }
    return out;
  };
}

/**
 * A request body as FastAPI reads it: JSON when the content type says so, else the raw text; then the body model.
 * The value, or the problems (a 422); `undefined` problems and value for a body that is not UTF-8 (a 400).
 */
export function readBody(bytes: Uint8Array, contentType: string | null, body: Rule): { value?: unknown; problems?: Problem[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {};
  }
  if (text === '') return { problems: [problem('missing', ['body'], 'Field required', null)] };
  let value: unknown = text;
  if (/^application\/(.+\+)?json\b/i.test(contentType ?? '')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      const at = Number(/position (\d+)/.exec(String(err))?.[1] ?? 0);
      const reason = /property name/.test(String(err)) ? 'Expecting property name enclosed in double quotes' : 'Expecting value';
      return { problems: [problem('json_invalid', ['body', at], 'JSON decode error', {}, { error: reason })] };
    }
  }
  if (!isObject(value)) {
    return {
      problems: [problem('model_attributes_type', ['body'], 'Input should be a valid dictionary or object to extract fields from', value)],
    };
  }
  const problems = body(value, ['body']);
  return problems.length ? { problems } : { value };
}
