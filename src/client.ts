// The client: its options, and one method per gateway operation over the generated table (generated/operations.ts).
import * as ops from '../generated/operations.js';
import type * as T from '../generated/types.js';
import { Caller, type CallOptions, type StreamOptions } from './core/caller.js';
import { internals } from './core/internal.js';
import { type ClientOptions, resolveOptions } from './core/options.js';
import type { APIPromise } from './core/response.js';
import { type ChatParams, chatBody } from './messages.js';
import { compatItems, type StreamChunk, textItems } from './streams/items.js';
import type { Stream } from './streams/stream.js';
import type { MetricsQuery } from './types.js';

export type { CallOptions, ChatParams, StreamOptions };

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
  #calls: Caller;
  #validate: boolean;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveOptions(options);
    this.baseURL = resolved.baseURL;
    this.#validate = resolved.validate;
    this.#calls = new Caller(resolved);
    internals.set(this, this.#calls);
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
  signup(body: T.SignupRequest, options?: CallOptions): APIPromise<T.NewAccount> {
    return this.#calls.call(ops.signup, { body }, options);
  }

  /**
   * GET /v1/me: the calling project, its limits and configured providers.
   * @example
   * ```ts
   * const { project_name, rate_limit_per_min, daily_budget, configured_providers } = await client.me();
   * ```
   */
  me(options?: CallOptions): APIPromise<T.CurrentProject> {
    return this.#calls.call(ops.me, {}, options);
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
    return this.#calls.call(ops.setProviderKey, { body }, options);
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
    return this.#calls.call(ops.createApiKey, { body }, options);
  }

  /**
   * GET /v1/keys/api: the project's named gateway keys, revoked ones included, oldest first.
   * @example
   * ```ts
   * const active = (await client.listApiKeys()).filter((key) => key.revoked_at === null);
   * ```
   */
  listApiKeys(options?: CallOptions): APIPromise<T.ApiKeyOut[]> {
    return this.#calls.call(ops.listApiKeys, {}, options);
  }

  /**
   * DELETE /v1/keys/api/{id}: revokes a gateway key (idempotent). Resolves to undefined.
   * @example
   * ```ts
   * await client.revokeApiKey('6b9e913f-c3e4-4cbd-b22d-fdac8488a528');
   * ```
   */
  revokeApiKey(id: string, options?: CallOptions): APIPromise<void> {
    return this.#calls.call(ops.revokeApiKey, { path: { key_id: id } }, options);
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
  chat(params: ChatParams, options?: CallOptions): APIPromise<T.ChatReply> {
    return this.#calls.call(ops.chat, () => ({ body: chatBody(params, false) }), options);
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
    return this.#calls.stream(
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
    return this.#calls.call(ops.chatCompletions, { body: Object.assign({}, body, { stream: false }) }, options);
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
    const check = this.#validate ? ops.chatCompletions : undefined;
    // Usage comes only when asked for; ask unless the caller said otherwise.
    const stream_options = { include_usage: true, ...body.stream_options };
    return this.#calls.stream(ops.chatCompletions, { body: Object.assign({}, body, { stream: true, stream_options }) }, options, (c) =>
      compatItems(c, check),
    );
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
    return this.#calls.call(ops.listModels, {}, options, (list) => list.data);
  }

  /**
   * GET /v1/models/{id}: one model card.
   * @example
   * ```ts
   * const card = await client.model('azure/gpt-4o'); // the id is encoded for the path
   * ```
   */
  model(id: string, options?: CallOptions): APIPromise<T.ModelCard> {
    return this.#calls.call(ops.getModel, { path: { model_id: id } }, options);
  }

  /**
   * GET /v1/metrics: totals, an optional breakdown and a timeseries. Give `range` or `from`/`to`, not both.
   * @example
   * ```ts
   * const week = await client.metrics({ range: '7d', group_by: 'model' });
   * console.log(week.totals.cost_usd, week.breakdown.map((row) => [row.key, row.requests]));
   * ```
   */
  metrics(query: MetricsQuery = {}, options?: CallOptions): APIPromise<T.Metrics> {
    return this.#calls.call(ops.metrics, { query }, options);
  }

  // --- health ---

  /**
   * GET /health: `{ status: "ok", version }`.
   * @example
   * ```ts
   * const { status, version } = await client.health();
   * ```
   */
  health(options?: CallOptions): APIPromise<T.Health> {
    return this.#calls.call(ops.health, {}, options);
  }

  /**
   * GET /health/live: `{ status: "alive" }` while the process runs.
   * @example
   * ```ts
   * await client.liveness({ timeout: 2_000, retries: 0 });
   * ```
   */
  liveness(options?: CallOptions): APIPromise<T.Liveness> {
    return this.#calls.call(ops.liveness, {}, options);
  }

  /**
   * GET /health/ready: resolves with the checks whether the gateway is ready (200) or not (503, not retried); look at `status`.
   * @example
   * ```ts
   * const ready = await client.readiness();
   * if (ready.status !== 'ready') console.warn(ready.checks);
   * ```
   */
  readiness(options?: CallOptions): APIPromise<T.Readiness> {
    return this.#calls.call(ops.readiness, {}, options);
  }

  /**
   * GET /version: `{ name, version }`.
   * @example
   * ```ts
   * const { version } = await client.version();
   * ```
   */
  version(options?: CallOptions): APIPromise<T.ServiceVersion> {
    return this.#calls.call(ops.version, {}, options);
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
    this.#calls.close();
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
}
