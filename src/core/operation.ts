// One operation of the document as the generated table describes it, and the types read off `paths` for it.
import type { paths } from '../../generated/schema.js';
import type { Schema } from './validate.js';

export type Method = 'GET' | 'POST' | 'DELETE';

/**
 * An entry of generated/operations.ts, exported under its operationId. `P` and `M` tie it to `paths`, so its
 * parameters and result are typed.
 */
export interface Operation<P extends keyof paths = keyof paths, M extends Method = Method> {
  /** The document's operationId, such as `chatCompletions`: what hooks (and OpenTelemetry spans) name the call by. */
  readonly id: string;
  readonly method: M;
  /** The path template, such as `/v1/models/{model_id}`. */
  readonly path: P;
  /** The query parameters it takes, by name. */
  readonly query?: readonly string[];
  /** Statuses that resolve (the 2xx, and any error status documented with the success body, such as readiness's 503). */
  readonly ok: readonly number[];
  /** Checks the JSON body of a successful response. */
  readonly response?: Schema;
  /** The media type of the 200 when the request asks for a stream (`text/plain`, `text/event-stream`). */
  readonly stream?: string;
  /** Checks each frame of an event stream. */
  readonly chunk?: Schema;
  /** Whether a frame passes `chunk`, generated as code (about 20 times faster); one it refuses is checked for its issues. */
  readonly chunkPasses?: (frame: unknown) => boolean;
}

/** A request body's schema: `<operationId>Body` in the generated table. */
export interface Checker {
  readonly schema: Schema;
}

type Of<O> = O extends Operation<infer P, infer M> ? paths[P][Lowercase<M> & keyof paths[P]] : never;
type SuccessOf<O> = Of<O> extends { responses: infer R } ? R[Extract<keyof R, 200 | 201 | 204>] : never;
type Field<T, K extends string> = T extends { [key in K]?: infer V } ? V : never;

/** What a successful call resolves to: the JSON body of its 2xx, or void for a 204. */
export type ResultOf<O> = SuccessOf<O> extends { content: { 'application/json': infer J } } ? J : undefined;
/** The path parameters, query and JSON body an operation takes; a part it does not take cannot be passed. */
export type ParamsOf<O> = Part<'path', Field<Field<Of<O>, 'parameters'>, 'path'>> &
  Part<'body', Field<Field<Field<Of<O>, 'requestBody'>, 'content'>, 'application/json'>> & {
    query?: NonNullable<Field<Field<Of<O>, 'parameters'>, 'query'>>;
  };
// openapi-typescript writes an absent part as `part?: never`, which reads back as undefined.
type Part<K extends string, T> = [NonNullable<T>] extends [never] ? { [key in K]?: never } : { [key in K]: NonNullable<T> };
