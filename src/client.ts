// The client: its options and one method per gateway operation, over openapi-fetch and the transport.
import createClient, { type Client as FetchClient } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { classify } from './classify.js';
import { AbortError, GatewayError, InvalidArgumentError } from './errors.js';
import { check, compatItems, type ItemDecoder, invalidAnswer, type StreamChunk, textItems } from './items.js';
import { makeLog } from './log.js';
import { chatBody, type MessagesInput } from './messages.js';
import { type ResponseMeta, responseMeta } from './meta.js';
import { type ClientOptions, checkRetries, checkTimeout, type ResolvedOptions, resolveOptions } from './options.js';
import { redactDeep, redactHeaders } from './redact.js';
import { type APIPromise, apiPromise } from './response.js';
import { Call, LiteRequest, type TransportConfig } from './transport.js';
import type * as T from './types.js';
import { schemas as S, type Schema } from './validate.js';
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

const LIST_API_KEYS: Schema = { type: 'array', items: S.ApiKeyOutSchema };
type Fetch = (request: Request) => Promise<Response>;
type Exec = (fetch: Fetch, headers: Record<string, string>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export class Client {
  /** The gateway's address this client talks to. */
  readonly baseURL: string;
  // Everything else is #private: util.inspect, JSON.stringify and Object.keys never see the key.
  #options: ResolvedOptions;
  #api: FetchClient<paths>;
  #active = new Set<Call>();
  #closed = false;
  #transport: TransportConfig;

  constructor(options: ClientOptions = {}) {
    this.#options = resolveOptions(options);
    this.baseURL = this.#options.baseURL;
    this.#transport = { fetch: this.#options.fetch, baseURL: this.baseURL, log: makeLog(this.#options.logLevel, this.#options.logger) };
    const { apiKey, userId, headers } = this.#options;
    this.#api = createClient<paths>({
      baseUrl: this.#options.baseURL,
      // A plain holder instead of a real Request: cheaper, and its string body can be sent on every attempt.
      Request: LiteRequest as unknown as typeof Request,
      headers: {
        'user-agent': `omnigate-ts/${VERSION}`,
        ...(apiKey ? { 'x-api-key': apiKey } : {}),
        ...(userId ? { 'x-user-id': userId } : {}),
        ...headers,
      },
    });
  }

  // --- account and keys ---

  /** POST /v1/signup (public): creates an organisation, a project and its first gateway key, shown once. */
  signup(body: T.SignupRequest, options?: CallOptions): APIPromise<T.SignupResponse> {
    return this.#json(S.SignupResponseSchema, options, (fetch, headers) => this.#api.POST('/v1/signup', { body, fetch, headers }));
  }

  /** GET /v1/me: the calling project, its limits and configured providers. */
  me(options?: CallOptions): APIPromise<T.MeResponse> {
    return this.#json(S.MeResponseSchema, options, (fetch, headers) => this.#api.GET('/v1/me', { fetch, headers }));
  }

  /** POST /v1/keys: stores a provider key, encrypted (an upsert). Resolves to undefined. */
  setProviderKey(body: T.SetProviderKeyRequest, options?: CallOptions): APIPromise<void> {
    return this.#json(undefined, options, (fetch, headers) => this.#api.POST('/v1/keys', { body, fetch, headers }), {
      secret: typeof body?.api_key === 'string' ? body.api_key : undefined,
    });
  }

  /** POST /v1/keys/api: mints another gateway key; its `api_key` is shown this once. */
  createApiKey(body: T.CreateApiKeyRequest, options?: CallOptions): APIPromise<T.ApiKeyCreated> {
    return this.#json(S.ApiKeyCreatedSchema, options, (fetch, headers) => this.#api.POST('/v1/keys/api', { body, fetch, headers }));
  }

  /** GET /v1/keys/api: the project's gateway keys, revoked ones included, oldest first. */
  listApiKeys(options?: CallOptions): APIPromise<T.ApiKeyOut[]> {
    return this.#json(LIST_API_KEYS, options, (fetch, headers) => this.#api.GET('/v1/keys/api', { fetch, headers }));
  }

  /** DELETE /v1/keys/api/{id}: revokes a gateway key (idempotent). Resolves to undefined. */
  revokeApiKey(id: string, options?: CallOptions): APIPromise<void> {
    if (typeof id !== 'string' || id === '') return rejected(new InvalidArgumentError('id', 'expected the key id (a UUID string)'));
    return this.#json(undefined, options, (fetch, headers) =>
      this.#api.DELETE('/v1/keys/api/{key_id}', { params: { path: { key_id: id } }, fetch, headers }),
    );
  }

  // --- chat ---

  /** POST /v1/chat: one completion. `messages` may be a string, one message or a list. */
  chat(params: ChatParams, options?: CallOptions): APIPromise<T.ChatResponse> {
    let body: T.ChatRequest;
    try {
      body = chatBody(params, false);
    } catch (err) {
      return rejected(err as GatewayError);
    }
    return this.#json(S.ChatResponseSchema, options, (fetch, headers) => this.#api.POST('/v1/chat', { body, fetch, headers }));
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
    return this.#stream<string | StreamChunk>(
      options,
      () => chatBody(params, true),
      (body, fetch, headers) =>
        this.#api.POST('/v1/chat', {
          body: body as T.ChatRequest,
          fetch,
          headers: { accept: 'text/plain', ...headers },
          parseAs: 'stream',
        }),
      (requestId, call, scrub) => textItems(asChunks, requestId, call.operation, scrub),
    );
  }

  /** POST /v1/chat/completions: OpenAI's chat-completion shape, as the gateway's compat route returns it. */
  completions(body: T.CompletionRequest, options?: CallOptions): APIPromise<T.ChatCompletion> {
    return this.#json(S.ChatCompletionSchema, options, (fetch, headers) =>
      this.#api.POST('/v1/chat/completions', { body: { ...body, stream: false }, fetch, headers }),
    );
  }

  /** POST /v1/chat/completions with `stream: true`: its SSE chunks as objects, up to `[DONE]`. */
  completionsStream(body: T.CompletionRequest, options?: CallOptions): Stream<T.ChatCompletionChunk> {
    const shouldValidate = this.#options.validate;
    return this.#stream<T.ChatCompletionChunk>(
      options,
      () => ({ ...body, stream: true }),
      (b, fetch, headers) =>
        this.#api.POST('/v1/chat/completions', {
          body: b as T.CompletionRequest,
          fetch,
          headers: { accept: 'text/event-stream', ...headers },
          parseAs: 'stream',
        }),
      (requestId, call, scrub) => compatItems(requestId, call.operation, call.lastResponse, scrub, shouldValidate),
    );
  }

  // --- models and metrics ---

  /** GET /v1/models: the model cards the gateway can route. */
  models(options?: CallOptions): APIPromise<T.ModelCard[]> {
    return this.#json(S.ModelListSchema, options, (fetch, headers) => this.#api.GET('/v1/models', { fetch, headers }), {
      map: (list: T.ModelList) => list.data,
    });
  }

  /** GET /v1/models/{id}: one model card. */
  model(id: string, options?: CallOptions): APIPromise<T.ModelCard> {
    if (typeof id !== 'string' || id === '') return rejected(new InvalidArgumentError('id', 'expected a model id such as "gpt-4o-mini"'));
    return this.#json(S.ModelCardSchema, options, (fetch, headers) =>
      this.#api.GET('/v1/models/{model_id}', { params: { path: { model_id: id } }, fetch, headers }),
    );
  }

  /** GET /v1/metrics: totals, an optional breakdown and a timeseries. Give `range` or `from`/`to`, not both. */
  metrics(query: T.MetricsQuery = {}, options?: CallOptions): APIPromise<T.MetricsResponse> {
    return this.#json(S.MetricsResponseSchema, options, (fetch, headers) =>
      this.#api.GET('/v1/metrics', { params: { query }, fetch, headers }),
    );
  }

  // --- health ---

  /** GET /health: `{ status: "ok", version }`. */
  health(options?: CallOptions): APIPromise<T.HealthResponse> {
    return this.#json(S.HealthResponseSchema, options, (fetch, headers) => this.#api.GET('/health', { fetch, headers }));
  }

  /** GET /health/live: `{ status: "alive" }` while the process runs. */
  liveness(options?: CallOptions): APIPromise<T.LivenessResponse> {
    return this.#json(S.LivenessResponseSchema, options, (fetch, headers) => this.#api.GET('/health/live', { fetch, headers }));
  }

  /**
   * GET /health/ready: resolves with the checks whether the gateway is ready (200) or not (503, not retried);
   * look at `status`.
   */
  readiness(options?: CallOptions): APIPromise<T.ReadinessResponse> {
    return this.#json(S.ReadinessResponseSchema, options, (fetch, headers) => this.#api.GET('/health/ready', { fetch, headers }), {
      okStatus: 503,
    });
  }

  /** GET /version: `{ name, version }`. */
  version(options?: CallOptions): APIPromise<T.VersionResponse> {
    return this.#json(S.VersionResponseSchema, options, (fetch, headers) => this.#api.GET('/version', { fetch, headers }));
  }

  // --- lifetime ---

  /** Aborts the calls in flight (they reject with AbortError) and refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    const reason = new AbortError('the client was closed');
    for (const call of this.#active) call.abort(reason);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // --- internals ---

  #begin(options: CallOptions | undefined, stream: boolean, noRetryStatus?: number): Call {
    if (this.#closed) throw new AbortError('the client is closed');
    const o = this.#options;
    let retry = o.retry;
    let timeout = o.timeout;
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'expected an object');
      if (options.timeout !== undefined) {
        checkTimeout('options.timeout', options.timeout);
        timeout = options.timeout;
      }
      if (options.retries !== undefined) {
        checkRetries('options.retries', options.retries);
        retry = { ...retry, maxRetries: options.retries };
      }
      if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
        throw new InvalidArgumentError('options.signal', 'expected an AbortSignal');
      }
    }
    if (noRetryStatus !== undefined) retry = { ...retry, retryStatuses: retry.retryStatuses.filter((s) => s !== noRetryStatus) };
    const call = new Call(this.#transport, { timeout, retry, signal: options?.signal, stream }, (c) => this.#active.delete(c));
    this.#active.add(call);
    return call;
  }

  #headers(options: CallOptions | undefined): Record<string, string> {
    if (!options || (options.userId === undefined && options.headers === undefined)) return {};
    return { ...options.headers, ...(options.userId !== undefined ? { 'x-user-id': options.userId } : {}) };
  }

  /** The secrets a call sends, to scrub from what its errors carry. Only computed when an error is raised. */
  #secrets(options: CallOptions | undefined, extra?: string): string[] {
    const out = extra ? [extra] : [];
    if (this.#options.apiKey) out.push(this.#options.apiKey);
    for (const headers of [this.#options.headers, options?.headers ?? {}]) {
      for (const [name, value] of Object.entries(headers)) {
        if (/^(authorization|x-api-key|proxy-authorization|cookie)$/i.test(name)) out.push(value, value.replace(/^\S+\s+/, ''));
      }
    }
    return out;
  }

  #httpError(response: Response, body: unknown, operation: string, options: CallOptions | undefined, extraSecret?: string) {
    const secrets = this.#secrets(options, extraSecret);
    const headers = redactHeaders(response.headers, secrets);
    return classify({ status: response.status, headers, body: redactDeep(body, secrets), operation });
  }

  /**
   * One non-streaming call. `extra.okStatus` is an error status that still answers with the body (readiness's 503);
   * `extra.secret` is one more value to scrub from errors; `extra.map` shapes the validated body into the result.
   */
  #json<R>(
    validator: Schema | undefined,
    options: CallOptions | undefined,
    exec: Exec,
    extra: { okStatus?: number; secret?: string | undefined; map?: (body: never) => R } = {},
  ): APIPromise<R> {
    const { okStatus, secret, map } = extra;
    const run = async () => {
      const call = this.#begin(options, false, okStatus);
      try {
        const { data, error } = await exec(call.fetch as unknown as Fetch, this.#headers(options)).catch((err: unknown) => {
          throw unexpected(err, call);
        });
        const response = call.lastResponse!;
        const ok = response.ok || response.status === okStatus;
        if (!ok) throw this.#httpError(response, error, call.operation, options, secret);
        const value = response.ok ? data : error;
        if (validator && this.#options.validate) check(validator, value, call.operation, response);
        return { data: (map ? map(value as never) : value) as R, response };
      } finally {
        call.end();
      }
    };
    return apiPromise(run());
  }

  #stream<Item>(
    options: CallOptions | undefined,
    makeBody: () => unknown,
    exec: (body: unknown, fetch: Fetch, headers: Record<string, string>) => Promise<{ data?: unknown; error?: unknown }>,
    makeDecoder: (requestId: string | null, call: Call, scrub: <V>(v: V) => V) => ItemDecoder<Item>,
  ): Stream<Item> {
    let response: Response | undefined;
    let meta: ResponseMeta | undefined;
    const headers = this.#headers(options);
    const self = this;
    // One loop from socket to caller: the idle timeout runs only while waiting on the network, and leaving
    // early (break, return, throw) cancels the body, which releases the connection at once.
    async function* run(): AsyncGenerator<Item> {
      const body = makeBody();
      const call = self.#begin(options, true);
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      try {
        const result = await exec(body, call.fetch as unknown as Fetch, headers).catch((err: unknown) => {
          throw unexpected(err, call);
        });
        response = call.lastResponse!;
        if (!response.ok) throw self.#httpError(response, result.error, call.operation, options);
        const scrub = <V>(value: V) => redactDeep(value, self.#secrets(options)) as V;
        const decoder = makeDecoder(response.headers.get('x-request-id'), call, scrub);
        reader = (result.data as ReadableStream<Uint8Array> | null)?.getReader();
        while (reader && !decoder.done && !decoder.error) {
          call.touch();
          let next: ReadableStreamReadResult<Uint8Array>;
          try {
            next = await reader.read();
          } catch (err) {
            throw call.streamFailure(err);
          }
          if (next.done) reader = undefined;
          else {
            call.pause();
            yield* decoder.push(next.value);
          }
        }
        if (!decoder.done && !decoder.error) yield* decoder.finish();
        if (decoder.error) throw decoder.error;
      } finally {
        reader?.cancel().catch(() => {});
        call.end();
      }
    }
    const iterator = run() as AsyncGenerator<Item> & { meta: ResponseMeta | undefined };
    Object.defineProperty(iterator, 'meta', {
      get: () => (meta ??= response && responseMeta(response)),
    });
    return iterator;
  }
}

/** An error from inside openapi-fetch: ours pass through; its JSON.parse of a 2xx body means the answer was not JSON. */
function unexpected(err: unknown, call: Call): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof SyntaxError) return invalidAnswer(call.operation, call.lastResponse, ['(body): not valid JSON'], err);
  return call.streamFailure(err);
}

function rejected<R>(err: GatewayError): APIPromise<R> {
  return apiPromise<R>(Promise.reject(err));
}
