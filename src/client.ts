// The client: its options, and one method per gateway operation over the generated table (generated/operations.ts).
import * as ops from '../generated/operations.js';
import type * as T from '../generated/types.js';
import { internals } from './core/internal.js';
import { makeLog } from './core/log.js';
import { type ResponseMeta, responseMeta } from './core/meta.js';
import type { Operation, ParamsOf, ResultOf } from './core/operation.js';
import { type ClientOptions, checkCallOptions, type ResolvedOptions, resolveOptions } from './core/options.js';
import { redactDeep } from './core/redact.js';
import { type Outgoing, outgoing, type Params } from './core/request.js';
import { type APIPromise, apiPromise } from './core/response.js';
import { type CallSettings, type ItemDecoder, open, send, type TransportConfig } from './core/transport.js';
import { AbortError } from './errors/errors.js';
import { chatBody, type MessagesInput } from './messages.js';
import { compatItems, invalidResponse, issuesOf, type StreamChunk, type StreamContext, textItems } from './streams/items.js';
import type { MetricsQuery } from './types.js';
import { VERSION } from './version.js';

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
}

export interface StreamOptions extends CallOptions {
  /** Yield `{ text, requestId }` objects instead of strings. */
  asChunks?: boolean | undefined;
}

/** An async iterable of a stream's pieces; `meta` is set once the gateway has answered. */
export interface Stream<Item> extends AsyncIterableIterator<Item> {
  readonly meta: ResponseMeta | undefined;
}

/** `chat()` parameters: the document's ChatRequest, with `messages` as flexible as the Python client's. */
export type ChatParams = Omit<T.ChatRequest, 'messages' | 'stream'> & { messages: MessagesInput };

type Lazy<P> = P | (() => P);
const SECRET_HEADER = /^(authorization|x-api-key|proxy-authorization|cookie)$/i;

export class Client {
  /** The gateway's address this client talks to. */
  readonly baseURL: string;
  // Everything else is #private: util.inspect, JSON.stringify and Object.keys never see the key.
  #options: ResolvedOptions;
  #headers: Record<string, string>;
  #closer = new AbortController();
  #transport: TransportConfig;

  constructor(options: ClientOptions = {}) {
    const o = resolveOptions(options);
    this.#options = o;
    this.baseURL = o.baseURL;
    this.#headers = {
      'user-agent': `omnigate-ts/${VERSION}`,
      ...(o.apiKey ? { 'x-api-key': o.apiKey } : {}),
      ...(o.userId ? { 'x-user-id': o.userId } : {}),
      ...o.headers,
    };
    const log = makeLog(o.logLevel, o.logger);
    for (const warning of o.warnings) log?.('warn', warning);
    this.#transport = { fetch: o.fetch, baseURL: o.baseURL, log, closed: this.#closer.signal };
    internals.set(this, { transport: this.#transport, settings: (headers, body, signal) => this.#settings(headers, body, signal) });
  }

  // --- account and keys ---

  /** POST /v1/signup (public): creates an organisation, a project and its first gateway key, shown once. */
  signup(body: T.SignupRequest, options?: CallOptions): APIPromise<T.SignupResponse> {
    return this.#call(ops.signup, { body }, options);
  }

  /** GET /v1/me: the calling project, its limits and configured providers. */
  me(options?: CallOptions): APIPromise<T.MeResponse> {
    return this.#call(ops.me, {}, options);
  }

  /** POST /v1/keys: stores a provider key, encrypted (an upsert). Resolves to undefined. */
  setProviderKey(body: T.SetProviderKeyRequest, options?: CallOptions): APIPromise<void> {
    return this.#call(ops.setProviderKey, { body }, options);
  }

  /** POST /v1/keys/api: mints another gateway key; its `api_key` is shown this once. */
  createApiKey(body: T.CreateApiKeyRequest, options?: CallOptions): APIPromise<T.ApiKeyCreated> {
    return this.#call(ops.createApiKey, { body }, options);
  }

  /** GET /v1/keys/api: the project's named gateway keys, revoked ones included, oldest first. */
  listApiKeys(options?: CallOptions): APIPromise<T.ApiKeyOut[]> {
    return this.#call(ops.listApiKeys, {}, options);
  }

  /** DELETE /v1/keys/api/{id}: revokes a gateway key (idempotent). Resolves to undefined. */
  revokeApiKey(id: string, options?: CallOptions): APIPromise<void> {
    return this.#call(ops.revokeApiKey, { path: { key_id: id } }, options);
  }

  // --- chat ---

  /** POST /v1/chat: one completion. `messages` may be a string, one message or a list. */
  chat(params: ChatParams, options?: CallOptions): APIPromise<T.ChatResponse> {
    return this.#call(ops.chat, () => ({ body: chatBody(params, false) }), options);
  }

  /**
   * POST /v1/chat with `stream: true`: the completion's text as it arrives. Iterate it with `for await`.
   * A failure after the stream started (the gateway's `[error]` sentinel) raises ProviderError from the loop.
   */
  chatStream(params: ChatParams, options: StreamOptions & { asChunks: true }): Stream<StreamChunk>;
  chatStream(params: ChatParams, options?: StreamOptions & { asChunks?: false | undefined }): Stream<string>;
  chatStream(params: ChatParams, options?: StreamOptions): Stream<string | StreamChunk>;
  chatStream(params: ChatParams, options?: StreamOptions): Stream<string | StreamChunk> {
    const asChunks = options?.asChunks === true;
    return this.#stream(
      ops.chat,
      () => ({ body: chatBody(params, true) }),
      options,
      (context) => textItems(asChunks, context),
    );
  }

  /** POST /v1/chat/completions: OpenAI's chat-completion shape, as the gateway's compat route returns it. */
  completions(body: T.CompletionRequest, options?: CallOptions): APIPromise<T.ChatCompletion> {
    return this.#call(ops.chatCompletions, { body: { ...body, stream: false } }, options);
  }

  /** POST /v1/chat/completions with `stream: true`: its SSE chunks as objects, up to `[DONE]`. */
  completionsStream(body: T.CompletionRequest, options?: CallOptions): Stream<T.ChatCompletionChunk> {
    const chunk = this.#options.validate ? ops.chatCompletions.chunk : undefined;
    return this.#stream(ops.chatCompletions, { body: { ...body, stream: true } }, options, (c) => compatItems(c, chunk));
  }

  // --- models and metrics ---

  /** GET /v1/models: the model cards the gateway can route. */
  models(options?: CallOptions): APIPromise<T.ModelCard[]> {
    return this.#call(ops.listModels, {}, options, (list) => list.data);
  }

  /** GET /v1/models/{id}: one model card. */
  model(id: string, options?: CallOptions): APIPromise<T.ModelCard> {
    return this.#call(ops.getModel, { path: { model_id: id } }, options);
  }

  /** GET /v1/metrics: totals, an optional breakdown and a timeseries. Give `range` or `from`/`to`, not both. */
  metrics(query: MetricsQuery = {}, options?: CallOptions): APIPromise<T.MetricsResponse> {
    return this.#call(ops.metrics, { query }, options);
  }

  // --- health ---

  /** GET /health: `{ status: "ok", version }`. */
  health(options?: CallOptions): APIPromise<T.HealthResponse> {
    return this.#call(ops.health, {}, options);
  }

  /** GET /health/live: `{ status: "alive" }` while the process runs. */
  liveness(options?: CallOptions): APIPromise<T.LivenessResponse> {
    return this.#call(ops.liveness, {}, options);
  }

  /** GET /health/ready: resolves with the checks whether the gateway is ready (200) or not (503, not retried); look at `status`. */
  readiness(options?: CallOptions): APIPromise<T.ReadinessResponse> {
    return this.#call(ops.readiness, {}, options);
  }

  /** GET /version: `{ name, version }`. */
  version(options?: CallOptions): APIPromise<T.VersionResponse> {
    return this.#call(ops.version, {}, options);
  }

  // --- lifetime ---

  /** Aborts the calls in flight (they reject with AbortError) and refuses new ones. */
  async close(): Promise<void> {
    this.#closer.abort(new AbortError('the client is closed'));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // --- internals ---

  /** One call of `op`, its response checked against the document, its result shaped by `map`. */
  #call<O extends Operation, R = ResultOf<O>>(
    op: O,
    params: Lazy<ParamsOf<O>>,
    options: CallOptions | undefined,
    map?: (value: ResultOf<O>) => R,
    // NoInfer: the result comes from the operation (or `map`), never from what the method says it returns.
  ): APIPromise<NoInfer<R>> {
    const run = async () => {
      const { out, settings } = this.#prepare(op, params, options);
      const { response, text } = await send(this.#transport, out, settings);
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
        if (issues.length) throw invalidResponse(out.label, response, issues);
      }
      return { data: (map ? map(value as ResultOf<O>) : value) as R, response };
    };
    return apiPromise(run());
  }

  #stream<O extends Operation, Item>(
    op: O,
    params: Lazy<ParamsOf<O>>,
    options: CallOptions | undefined,
    decoder: (context: StreamContext) => ItemDecoder<Item>,
  ): Stream<Item> {
    let response: Response | undefined;
    let meta: ResponseMeta | undefined;
    const self = this;
    async function* run(): AsyncGenerator<Item> {
      const { out, settings } = self.#prepare(op, params, options, op.stream);
      const scrub = <V>(value: V) => redactDeep(value, settings.secrets()) as V;
      yield* open(self.#transport, out, settings, (r) => {
        response = r;
        return decoder({ operation: out.label, response: r, scrub });
      });
    }
    const iterator = run() as AsyncGenerator<Item> & { meta: ResponseMeta | undefined };
    Object.defineProperty(iterator, 'meta', { get: () => (meta ??= response && responseMeta(response)) });
    return iterator;
  }

  /** What one call sends, and how: the request (its body checked against the document) and the call's settings. */
  #prepare(
    op: Operation,
    lazy: Lazy<Params>,
    options: CallOptions | undefined,
    accept?: string,
  ): { out: Outgoing; settings: CallSettings } {
    let { retry, timeout } = this.#options;
    if (options != null) {
      checkCallOptions(options, op.stream && 'asChunks');
      timeout = options.timeout ?? timeout;
      if (options.retries != null) retry = { ...retry, maxRetries: options.retries };
    }
    const params = typeof lazy === 'function' ? lazy() : lazy;
    const out = outgoing(op, params, this.baseURL);
    const headers: Record<string, string> = { ...options?.headers };
    if (options?.userId !== undefined) headers['x-user-id'] = options.userId;
    if (out.body !== undefined) headers['content-type'] = 'application/json';
    if (accept) headers.accept = accept;
    return { out, settings: { ...this.#settings(headers, params.body, options?.signal), timeout, retry, ok: op.ok } };
  }

  /** A call's settings with the client's defaults: its headers over the client's, and the secrets they carry. */
  #settings(callHeaders: Record<string, string>, body: unknown, signal: AbortSignal | undefined): CallSettings {
    const headers = { ...this.#headers, ...callHeaders };
    const { timeout, retry } = this.#options;
    return { timeout, retry, signal, headers, ok: [200, 201, 202, 204], secrets: () => this.#secrets(headers, body) };
  }

  /** The secrets a call sends, to scrub from what its errors carry: key headers, and a provider key in the body. */
  #secrets(headers: Record<string, string>, body: unknown): string[] {
    const out: string[] = [];
    const key = (body as { api_key?: unknown } | undefined)?.api_key;
    if (typeof key === 'string') out.push(key);
    for (const name in headers) {
      const value = headers[name]!;
      if (SECRET_HEADER.test(name)) out.push(value, value.replace(/^\S+\s+/, ''));
    }
    return out;
  }
}
