// What one call of an operation sends: its URL (path parameters encoded, the query), its label and its JSON body.
import { InvalidArgumentError } from '../errors/errors.js';
import type { Operation } from './operation.js';
import { kindOf } from './validate.js';

export interface Outgoing {
  method: string;
  url: string;
  /** `METHOD /path` (parameters filled in), for messages and logs. */
  label: string;
  /** The JSON body, or undefined when the operation takes none. */
  body: string | undefined;
}

/** The parts of a call, as `ParamsOf` types them for an operation. */
export interface Params {
  path?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
}

function fail(op: Operation, field: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(field, message, `${op.method} ${op.path}`);
}

/**
 * Throws InvalidArgumentError, naming the part at fault, for a value that cannot be sent. `basePath` is the path of
 * `baseURL` ('' for none): the label shows the path as sent, so a wrong prefix can be seen in a 404's message.
 */
export function outgoing(op: Operation, params: Params, baseURL: string, basePath = ''): Outgoing {
  // Most paths have no parameter: no replace for them (this runs on every call).
  const path = !op.path.includes('{')
    ? op.path
    : op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = params.path?.[name];
        // `.` and `..` would be resolved away by URL handling and reach another route.
        if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
          throw fail(
            op,
            name,
            `expected a non-empty string (not "." or ".."), got ${typeof value === 'string' ? JSON.stringify(value) : kindOf(value)}`,
          );
        }
        return encodeURIComponent(value);
      });
  let query = '';
  for (const name in params.query) {
    // A misspelt parameter (`groupBy`) would be ignored by the gateway: refused here instead.
    if (!op.query?.includes(name))
      throw fail(op, `query.${name}`, `not a parameter of this route; expected one of: ${op.query?.join(', ')}`);
    const value = params.query[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw fail(op, `query.${name}`, `expected a string or a number, got ${kindOf(value)}`);
    }
    query += `${query ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  }
  let body: string | undefined;
  if (params.body !== undefined) {
    try {
      body = JSON.stringify(params.body);
    } catch (err) {
      // A cycle or a BigInt: the serialiser's message names the kind of value, never its content.
      throw fail(op, 'body', `cannot be sent as JSON (${(err as Error).message.split('\n')[0]})`);
    }
  }
  return { method: op.method, url: baseURL + path + query, label: `${op.method} ${basePath}${path}`, body };
}
