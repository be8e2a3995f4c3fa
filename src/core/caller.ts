// One call's preparation and its result: the client's options and headers applied, a body checked, the response
// parsed and validated, a stream wrapped. The client's methods are one-liners over it; subpaths reach it too.

import { AbortError } from '../errors/errors.js';
import { invalidResponse, issuesOf, type StreamContext } from '../streams/items.js';
import { Stream } from '../streams/stream.js';
import { VERSION } from '../version.js';
import { type Emit, emitter, type Hooks } from './hooks.js';
import { makeLog } from './log.js';
import { responseMeta } from './meta.js';
import type { Operation, ParamsOf, ResultOf } from './operation.js';
import { checkCallOptions, type ResolvedOptions } from './options.js';
import { redactDeep, SECRET_HEADER } from './redact.js';
import { type Outgoing, outgoing, type Params } from './request.js';
import { type APIPromise, apiPromise } from './response.js';
import type { RetryConfig } from './retry.js';
import { type ItemDecoder, open } from './stream-call.js';
import { type CallSettings, send, type TransportConfig } from './transport.js';

/** A response's part of a hook event: its status and meta (not its headers), and the attempts it took. */
function answered(response: Response) {
  const { headers: _, ...meta } = responseMeta(response);
  return { status: response.status, meta };
}

/** Scrubs a call's secrets from what an error carries: made outside the call's closures, so it holds only `settings`. */
function scrubber(settings: CallSettings) {
  return <V>(value: V) => redactDeep(value, settings.secrets()) as V;
}

/** What a whole chat answer says of itself (`/v1/chat`'s fields, or the compat route's): never its content. */
// biome-ignore lint/suspicious/noExplicitAny: read from an answer of any shape
function facts(v: any, content: unknown) {
  return (
    v?.usage && {
      usage: v.usage,
      finishReason: v.finish_reason ?? v.choices?.[0]?.finish_reason,
      responseId: v.id,
      costUsd: v.cost_usd,
      output: content && v,
    }
  );
}

/** Options every method takes as its last argument. */
export interface CallOptions {
  /** Aborts the call (and any retry sleep) at once; the call rejects with AbortError. */
  signal?: AbortSignal | undefined;
  /** Milliseconds for this call's attempts, overriding the client's `timeout`. */
  timeout?: number | undefined;
  /** Retries for this call, overriding the client's; 0 turns them off. */
  retries?: number | undefined;
  /** `x-user-id` for this call, overriding the client's `userId`. */
  userId?: string | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /** Hooks for this call, told of its events after the client's own. */
  hooks?: Hooks | undefined;
}

export interface StreamOptions extends CallOptions {
  /** Yield `{ text, requestId }` objects instead of strings. */
  asChunks?: boolean | undefined;
}

type Lazy<P> = P | (() => P);
/** What resolves a call made without an operation's own statuses (`omnigate/fetch`): any 2xx the gateway sends. */
const SUCCESS = [200, 201, 202, 204];

export class Caller {
  readonly transport: TransportConfig;
  // #private: the key is in the headers, and util.inspect must never see it.
  #options: ResolvedOptions;
  #headers: Record<string, string>;
  #closer = new AbortController();
  /** The path of `baseURL` ('' for none), shown in each call's label. */
  #basePath: string;
  /** A hook failed: logged the first time only, so a broken hook cannot flood the log. */
  #hookFailed = (err: unknown) => {
    if (this.#hookOk) this.transport.log?.('warn', 'a hook failed', { error: String(err) });
    this.#hookOk = false;
  };
  #hookOk = true;

  constructor(o: ResolvedOptions) {
    this.#options = o;
    this.#basePath = new URL(o.baseURL).pathname.replace(/\/+$/, '');
    this.#headers = {
      'user-agent': `omnigate-ts/${VERSION}`,
      ...(o.apiKey ? { 'x-api-key': o.apiKey } : {}),
      ...(o.userId ? { 'x-user-id': o.userId } : {}),
      ...o.headers,
    };
    const log = makeLog(o.logLevel, o.logger);
    for (const warning of o.warnings) log?.('warn', warning);
    this.transport = { fetch: o.fetch, baseURL: o.baseURL, log, debug: o.logLevel === 'debug', closed: this.#closer.signal };
  }

  /** The client's retry policy (omnigate/ai tells the AI SDK what is retryable by it). */
  get retry(): RetryConfig {
    return this.#options.retry;
  }

  /** Aborts the calls in flight and refuses new ones. */
  close(): void {
    this.#closer.abort(new AbortError('the client is closed'));
  }

  /** One call of `op`, its response checked against the document, its result shaped by `map`. */
  call<O extends Operation, R = ResultOf<O>>(
    op: O,
    params: Lazy<ParamsOf<O>>,
    options: CallOptions | undefined,
    map?: (value: ResultOf<O>) => R,
    // NoInfer: the result comes from the operation (or `map`), never from what the method says it returns.
  ): APIPromise<NoInfer<R>> {
    return apiPromise(async (keep) => {
      const { out, settings } = this.#prepare(op, params, options);
      const { hook } = settings;
      try {
        const { response, text } = await send(this.transport, out, settings);
        let value: unknown;
        if (text) {
          try {
            value = JSON.parse(text);
          } catch (err) {
            throw invalidResponse(out.label, response, ['(body): not valid JSON'], err);
          }
        }
        if (op.response && this.#options.validate) {
          const issues = issuesOf(value, op.response);
          if (issues) throw invalidResponse(out.label, response, issues);
        }
        keep(response);
        hook?.('onResponse', Object.assign(answered(response), facts(value, settings.content)));
        return (map ? map(value as ResultOf<O>) : value) as R;
      } catch (error) {
        hook?.('onError', { error });
        throw error;
      }
    });
  }

  stream<O extends Operation, Item>(
    op: O,
    params: Lazy<ParamsOf<O>>,
    options: CallOptions | undefined,
    decoder: (context: StreamContext) => ItemDecoder<Item>,
    also?: string,
  ): Stream<Item> {
    return new Stream<Item>((sink) =>
      open(
        this.transport,
        () => {
          const prepared = this.#prepare(op, params, options, { accept: op.stream, also });
          prepared.settings.sink = sink;
          return prepared;
        },
        (response, out, settings) => {
          sink.response(response);
          settings.hook?.('onResponse', Object.assign(answered(response), { stream: true }));
          return decoder({
            request: { operation: out.label, method: out.method, url: out.url },
            response,
            scrub: scrubber(settings),
            sink,
          });
        },
      ),
    );
  }

  /** What one call sends, and how: the request (its body checked against the document) and the call's settings. */
  #prepare(
    op: Operation,
    lazy: Lazy<Params>,
    options: CallOptions | undefined,
    stream?: { accept?: string | undefined; also?: string | undefined },
  ): { out: Outgoing; settings: CallSettings } {
    const { accept, also } = stream ?? {};
    let { retry, timeout } = this.#options;
    if (options != null) {
      checkCallOptions(options, also);
      timeout = options.timeout ?? timeout;
      if (options.retries != null) retry = { ...retry, maxRetries: options.retries };
    }
    const params = typeof lazy === 'function' ? lazy() : lazy;
    const out = outgoing(op, params, this.#options.baseURL, this.#basePath);
    // Object.assign, not spread: on Node 20 an object spread and then added to gets a hidden class of its own,
    // made anew on every call and held as long as the object (docs/design.md, "Streams").
    const headers: Record<string, string> = Object.assign({}, options?.headers);
    if (options?.userId !== undefined) headers['x-user-id'] = options.userId;
    if (out.body !== undefined) headers['content-type'] = 'application/json';
    if (accept) headers.accept = accept;
    const signals = options?.signal ? [options.signal] : [];
    const hooks = [this.#options.hooks, options?.hooks].filter((h) => h !== undefined);
    const body = params.body as { model?: string; messages?: unknown } | undefined;
    const content = hooks.some((h) => h.content) || undefined;
    // Most calls have no hook: they build no event.
    let hook: Emit | undefined;
    if (hooks.length) {
      // A chat body without its messages: the model parameters, never content (and no other body has a model).
      const { messages: _, ...chat } = body ?? {};
      const base = {
        operation: out.label,
        operationId: op.id,
        route: `${op.method} ${op.path}`,
        url: out.url,
        model: body?.model,
        params: body?.model === undefined ? undefined : chat,
        input: content && body,
      };
      hook = emitter(hooks, base, this.#hookFailed);
    }
    // The call's settings extend the client's in place (a copy of them cost each call a microsecond).
    const settings = Object.assign(this.settings(headers, params.body, signals), { timeout, retry, ok: op.ok, hook, content });
    return { out, settings };
  }

  /** A call's settings with the client's defaults: its headers over the client's, and the secrets they carry. */
  settings(callHeaders: Record<string, string>, body: unknown, signals: AbortSignal[]): CallSettings {
    const headers = Object.assign({}, this.#headers, callHeaders);
    const { timeout, retry } = this.#options;
    // The body's provider key, not the body: a stream's settings live as long as it does.
    const key = (body as { api_key?: unknown } | undefined)?.api_key;
    return { timeout, retry, signals, headers, ok: SUCCESS, secrets: () => this.#secrets(headers, key) };
  }

  /** The secrets a call sends, to scrub from what its errors carry: key headers, and a provider key in the body. */
  #secrets(headers: Record<string, string>, key: unknown): string[] {
    const out: string[] = [];
    if (typeof key === 'string') out.push(key);
    for (const name in headers) {
      const value = headers[name]!;
      if (SECRET_HEADER.test(name)) out.push(value, value.replace(/^\S+\s+/, ''));
    }
    return out;
  }
}
