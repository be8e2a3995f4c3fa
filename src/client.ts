// The client: its options, and one method per gateway operation over the generated table (generated/operations.ts).
import * as ops from '../generated/operations.js';
import type * as T from '../generated/types.js';
import { internals } from './core/internal.js';
import { makeLog } from './core/log.js';
import type { Operation, ParamsOf, ResultOf } from './core/operation.js';
import { type ClientOptions, checkCallOptions, type ResolvedOptions, resolveOptions } from './core/options.js';
import { redactDeep } from './core/redact.js';
import { type Outgoing, outgoing, type Params } from './core/request.js';
import { type APIPromise, apiPromise } from './core/response.js';
import { type CallSettings, type ItemDecoder, open, send, type TransportConfig } from './core/transport.js';
import { AbortError } from './errors/errors.js';
import { chatBody, type MessagesInput } from './messages.js';
import { compatItems, invalidResponse, issuesOf, type StreamChunk, type StreamContext, textItems } from './streams/items.js';
import { Stream } from './streams/stream.js';
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

/** `chat()` parameters: the document's ChatRequest, with `messages` as flexible as the Python client's. */
export type ChatParams = Omit<T.ChatRequest, 'messages' | 'stream'> & { messages: MessagesInput };

type Lazy<P> = P | (() => P);
const SECRET_HEADER = /^(authorization|x-api-key|proxy-authorization|cookie)$/i;

/**
 * The OmniGate client: one method per gateway operation, with retries, timeouts, typed errors and streams.
 * Every method takes a last `options` argument ({@link CallOptions}); every error is a {@link GatewayError}.
 *
 * @example
 * ```ts
 * import { Client } from 'omnigate';
 *
 * const client = new Client({ apiKey: process.env.OMNIGATE_API_KEY, baseURL: 'https://gw.example.com' });
 * const reply = await client.chat({ model: 'gpt-4o-mini', messages: 'Say hi in French' });
 * console.log(reply.content, reply.usage.total_tokens, reply.cost_usd);
 * ```
 */
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
    this.#transport = { fetch: o.fetch, baseURL: o.baseURL, log, debug: o.logLevel === 'debug', closed: this.#closer.signal };
    internals.set(this, { transport: this.#transport, settings: (headers, body, signals) => this.#settings(headers, body, signals) });
  }

  // --- account and keys ---

  /**
   * POST /v1/signup (public): creates an organisation, a project and its first gateway key, shown once.
   * @example
   * ```ts
   * const account = await new Client({ baseURL }).signup({ email: 'dev@acme.dev', org_name: 'Acme' });
   * const client = new Client({ baseURL, apiKey: account.api_key }); // save account.api_key now
   * ```
   */
  signup(body: T.SignupRequest, options?: CallOptions): APIPromise<T.SignupResponse> {
    return this.#call(ops.signup, { body }, options);
  }

  /**
   * GET /v1/me: the calling project, its limits and configured providers.
   * @example
   * ```ts
   * const { project_name, rate_limit_per_min, daily_budget, configured_providers } = await client.me();
   * ```
   */
  me(options?: CallOptions): APIPromise<T.MeResponse> {
    return this.#call(ops.me, {}, options);
  }

  /**
   * POST /v1/keys: stores a provider key, encrypted (an upsert). Resolves to undefined.
   * @example
   * ```ts
   * await client.setProviderKey({ provider: 'openai', api_key: process.env.OPENAI_API_KEY! });
   * await client.setProviderKey({
   *   provider: 'azure',
   *   api_key: process.env.AZURE_OPENAI_KEY!,
   *   meta: { endpoint: 'https://acme.openai.azure.com', deployment: 'gpt-4o-mini' },
   * });
   * ```
   */
  setProviderKey(body: T.SetProviderKeyRequest, options?: CallOptions): APIPromise<void> {
    return this.#call(ops.setProviderKey, { body }, options);
  }

  /**
   * POST /v1/keys/api: mints another gateway key; its `api_key` is shown this once.
   * @example
   * ```ts
   * const key = await client.createApiKey({ name: 'ci' });
   * console.log(key.id, key.key_prefix); // store key.api_key now: it is never shown again
   * ```
   */
  createApiKey(body: T.CreateApiKeyRequest, options?: CallOptions): APIPromise<T.ApiKeyCreated> {
    return this.#call(ops.createApiKey, { body }, options);
  }

  /**
   * GET /v1/keys/api: the project's named gateway keys, revoked ones included, oldest first.
   * @example
   * ```ts
   * const active = (await client.listApiKeys()).filter((key) => key.revoked_at === null);
   * ```
   */
  listApiKeys(options?: CallOptions): APIPromise<T.ApiKeyOut[]> {
    return this.#call(ops.listApiKeys, {}, options);
  }

  /**
   * DELETE /v1/keys/api/{id}: revokes a gateway key (idempotent). Resolves to undefined.
   * @example
   * ```ts
   * await client.revokeApiKey('6b9e913f-c3e4-4cbd-b22d-fdac8488a528');
   * ```
   */
  revokeApiKey(id: string, options?: CallOptions): APIPromise<void> {
    return this.#call(ops.revokeApiKey, { path: { key_id: id } }, options);
  }

  // --- chat ---

  /**
   * POST /v1/chat: one completion. `messages` may be a string, one message or a list.
   * @example
   * ```ts
   * const reply = await client.chat({
   *   model: 'claude-3-5-sonnet-latest',
   *   messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Name three primes.' }],
   *   fallback_models: ['gpt-4o-mini'],
   * });
   * const { data, meta } = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' }).withResponse();
   * console.log(data.content, meta.requestId, meta.rateLimit?.remaining);
   * ```
   */
  chat(params: ChatParams, options?: CallOptions): APIPromise<T.ChatResponse> {
    return this.#call(ops.chat, () => ({ body: chatBody(params, false) }), options);
  }

  /**
   * POST /v1/chat with `stream: true`: the completion's text as it arrives. Iterate it with `for await`.
   * A failure after the stream started (the gateway's `[error]` sentinel) raises ProviderError from the loop.
   * @example
   * ```ts
   * for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'Stream me a haiku' })) {
   *   process.stdout.write(piece);
   * }
   * ```
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
      'asChunks',
    );
  }

  /**
   * POST /v1/chat/completions: OpenAI's chat-completion shape, as the gateway's compat route returns it.
   * @example
   * ```ts
   * const completion = await client.completions({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
   * console.log(completion.choices[0]?.message.content);
   * ```
   */
  completions(body: T.CompletionRequest, options?: CallOptions): APIPromise<T.ChatCompletion> {
    return this.#call(ops.chatCompletions, { body: { ...body, stream: false } }, options);
  }

  /**
   * POST /v1/chat/completions with `stream: true`: its SSE chunks as objects, up to `[DONE]`.
   * @example
   * ```ts
   * for await (const chunk of client.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })) {
   *   process.stdout.write(chunk.choices[0]?.delta.content ?? '');
   * }
   * ```
   */
  completionsStream(body: T.CompletionRequest, options?: CallOptions): Stream<T.ChatCompletionChunk> {
    const chunk = this.#options.validate ? ops.chatCompletions.chunk : undefined;
    // Usage comes only when asked for; ask unless the caller said otherwise.
    const stream_options = { include_usage: true, ...body.stream_options };
    return this.#stream(ops.chatCompletions, { body: { ...body, stream: true, stream_options } }, options, (c) => compatItems(c, chunk));
  }

  // --- models and metrics ---

  /**
   * GET /v1/models: the model cards the gateway can route.
   * @example
   * ```ts
   * for (const card of await client.models()) console.log(card.id, card.provider, card.pricing?.input_per_1k_usd);
   * ```
   */
  models(options?: CallOptions): APIPromise<T.ModelCard[]> {
    return this.#call(ops.listModels, {}, options, (list) => list.data);
  }

  /**
   * GET /v1/models/{id}: one model card.
   * @example
   * ```ts
   * const card = await client.model('azure/gpt-4o'); // the id is encoded for the path
   * ```
   */
  model(id: string, options?: CallOptions): APIPromise<T.ModelCard> {
    return this.#call(ops.getModel, { path: { model_id: id } }, options);
  }

  /**
   * GET /v1/metrics: totals, an optional breakdown and a timeseries. Give `range` or `from`/`to`, not both.
   * @example
   * ```ts
   * const week = await client.metrics({ range: '7d', group_by: 'model' });
   * console.log(week.totals.cost_usd, week.breakdown.map((row) => [row.key, row.requests]));
   * ```
   */
  metrics(query: MetricsQuery = {}, options?: CallOptions): APIPromise<T.MetricsResponse> {
    return this.#call(ops.metrics, { query }, options);
  }

  // --- health ---

  /**
   * GET /health: `{ status: "ok", version }`.
   * @example
   * ```ts
   * const { status, version } = await client.health();
   * ```
   */
  health(options?: CallOptions): APIPromise<T.HealthResponse> {
    return this.#call(ops.health, {}, options);
  }

  /**
   * GET /health/live: `{ status: "alive" }` while the process runs.
   * @example
   * ```ts
   * await client.liveness({ timeout: 2_000, retries: 0 });
   * ```
   */
  liveness(options?: CallOptions): APIPromise<T.LivenessResponse> {
    return this.#call(ops.liveness, {}, options);
  }

  /**
   * GET /health/ready: resolves with the checks whether the gateway is ready (200) or not (503, not retried); look at `status`.
   * @example
   * ```ts
   * const ready = await client.readiness();
   * if (ready.status !== 'ready') console.warn(ready.checks);
   * ```
   */
  readiness(options?: CallOptions): APIPromise<T.ReadinessResponse> {
    return this.#call(ops.readiness, {}, options);
  }

  /**
   * GET /version: `{ name, version }`.
   * @example
   * ```ts
   * const { version } = await client.version();
   * ```
   */
  version(options?: CallOptions): APIPromise<T.VersionResponse> {
    return this.#call(ops.version, {}, options);
  }

  // --- lifetime ---

  /**
   * Aborts the calls in flight (they reject with AbortError) and refuses new ones.
   * @example
   * ```ts
   * process.once('SIGTERM', () => client.close());
   * ```
   */
  async close(): Promise<void> {
    this.#closer.abort(new AbortError('the client is closed'));
  }

  /**
   * `await using` closes the client at the end of the block.
   * @example
   * ```ts
   * await using client = new Client({ apiKey });
   * ```
   */
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
    return apiPromise(async (keep) => {
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
      keep(response);
      return (map ? map(value as ResultOf<O>) : value) as R;
    });
  }

  #stream<O extends Operation, Item>(
    op: O,
    params: Lazy<ParamsOf<O>>,
    options: CallOptions | undefined,
    decoder: (context: StreamContext) => ItemDecoder<Item>,
    also?: string,
  ): Stream<Item> {
    const self = this;
    return new Stream<Item>(async function* (sink) {
      const { out, settings } = self.#prepare(op, params, options, { accept: op.stream, also, stop: sink.signal });
      const scrub = <V>(value: V) => redactDeep(value, settings.secrets()) as V;
      yield* open(self.#transport, out, settings, (response) => {
        sink.response(response);
        return decoder({ operation: out.label, response, scrub });
      });
    });
  }

  /** What one call sends, and how: the request (its body checked against the document) and the call's settings. */
  #prepare(
    op: Operation,
    lazy: Lazy<Params>,
    options: CallOptions | undefined,
    stream: { accept?: string | undefined; also?: string | undefined; stop?: AbortSignal } = {},
  ): { out: Outgoing; settings: CallSettings } {
    const { accept, also, stop } = stream;
    let { retry, timeout } = this.#options;
    if (options != null) {
      checkCallOptions(options, also);
      timeout = options.timeout ?? timeout;
      if (options.retries != null) retry = { ...retry, maxRetries: options.retries };
    }
    const params = typeof lazy === 'function' ? lazy() : lazy;
    const out = outgoing(op, params, this.baseURL);
    const headers: Record<string, string> = { ...options?.headers };
    if (options?.userId !== undefined) headers['x-user-id'] = options.userId;
    if (out.body !== undefined) headers['content-type'] = 'application/json';
    if (accept) headers.accept = accept;
    const signals = [options?.signal, stop].filter((signal) => signal !== undefined);
    return { out, settings: { ...this.#settings(headers, params.body, signals), timeout, retry, ok: op.ok } };
  }

  /** A call's settings with the client's defaults: its headers over the client's, and the secrets they carry. */
  #settings(callHeaders: Record<string, string>, body: unknown, signals: AbortSignal[]): CallSettings {
    const headers = { ...this.#headers, ...callHeaders };
    const { timeout, retry } = this.#options;
    return { timeout, retry, signals, headers, ok: [200, 201, 202, 204], secrets: () => this.#secrets(headers, body) };
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
