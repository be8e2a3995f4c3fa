/**
 * A Vercel AI SDK provider over a `Client`: `generateText` and `streamText` through the gateway, its typed
 * errors as the AI SDK's `APICallError`, and the gateway's facts (request id, provider, model, cost, cache,
 * fallback, limits) as `providerMetadata.omnigate`.
 *
 * ```ts
 * import { createOmnigate } from 'omnigate/ai';
 * ```
 * @module omnigate/ai
 */
import {
  APICallError,
  InvalidArgumentError as InvalidProviderOptionsError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3GenerateResult,
  type LanguageModelV3Prompt,
  type LanguageModelV3StreamPart,
  type LanguageModelV3StreamResult,
  NoSuchModelError,
  type ProviderV3,
  type SharedV3Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type { Message } from '../generated/types.js';
import { finishReason, metadata, streamParts, usage } from './ai/parts.js';
import { type CallOptions, type ChatParams, Client } from './client.js';
import { internals } from './core/internal.js';
import type { ClientOptions } from './core/options.js';
import { type Schema, validate } from './core/validate.js';
import { APIError, ConnectionError, ResponseValidationError } from './errors/errors.js';

/** The provider: call it (or `chat`, `languageModel`) with a model id to get an AI SDK language model. */
export interface OmnigateProvider extends ProviderV3 {
  (modelId: string): LanguageModelV3;
  languageModel(modelId: string): LanguageModelV3;
  chat(modelId: string): LanguageModelV3;
  /** The client every call goes through: its key, user id, timeout, logging and redaction. */
  readonly client: Client;
}

/** What a call may carry beyond the AI SDK's own settings, as `providerOptions.omnigate` (checked: a wrong one throws). */
export interface OmnigateCallOptions {
  /** `x-user-id` for this call: the end user to attribute cost to. */
  userId?: string;
  /** The gateway's response cache for this call (`cache`); null or absent leaves it to the project's setting. */
  cache?: boolean | null;
  /** Models tried in order when the first fails (`fallback_models`, at most 5). `generateText` only: the stream's route takes none. */
  fallbackModels?: string[];
}

/** `providerOptions.omnigate`'s schema, checked with the SDK's own validator. */
const CALL_OPTIONS: Schema = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    cache: { type: ['boolean', 'null'] },
    fallbackModels: { type: 'array', items: { type: 'string' }, maxItems: 5 },
  },
};

/**
 * An AI SDK provider over the gateway. Give it the client's options, or a client. The AI SDK does the retrying
 * (`maxRetries`, reading `Retry-After`): calls made through the provider turn the client's own retries off, so a
 * failure is never retried twice over.
 *
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * import { createOmnigate } from 'omnigate/ai';
 *
 * const omnigate = createOmnigate({ apiKey: process.env.OMNIGATE_API_KEY, baseURL: 'https://gw.example.com' });
 * const { text, providerMetadata } = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'Say hi' });
 * console.log(text, providerMetadata?.omnigate?.costUsd, providerMetadata?.omnigate?.requestId);
 * ```
 */
export function createOmnigate(options: ClientOptions | Client = {}): OmnigateProvider {
  const client = options instanceof Client ? options : new Client(options);
  const model = (modelId: string): LanguageModelV3 => new OmnigateChatModel(client, modelId);
  const none = (modelType: 'embeddingModel' | 'imageModel') => (modelId: string) => {
    throw new NoSuchModelError({ modelId, modelType, message: `The gateway serves chat models only (asked for ${modelType} ${modelId})` });
  };
  return Object.assign(model, {
    specificationVersion: 'v3' as const,
    languageModel: model,
    chat: model,
    embeddingModel: none('embeddingModel'),
    imageModel: none('imageModel'),
    client,
  });
}

/** The gateway's chat route as an AI SDK language model (specification v3; `ai` 7 adapts it to v4 itself). */
class OmnigateChatModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'omnigate.chat';
  readonly supportedUrls = {};
  readonly #client: Client;
  readonly modelId: string;

  constructor(client: Client, modelId: string) {
    this.#client = client;
    this.modelId = modelId;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { body, call, warnings, extras } = prepare(this.modelId, options);
    const sent = { ...body, ...extras, stream: false };
    const reply = await this.#client
      .chat(sent, call)
      .withResponse()
      .catch((err: unknown) => {
        throw aiError(err, `${this.#client.baseURL}/v1/chat`, sent, this.#client);
      });
    const { data, meta } = reply;
    return {
      content: data.content ? [{ type: 'text', text: data.content }] : [],
      finishReason: finishReason(data.finish_reason),
      usage: usage(data.usage),
      providerMetadata: {
        // The body says what the headers say, and is there when a proxy strips headers.
        omnigate: metadata(meta, {
          provider: data.provider,
          model: data.model,
          cached: data.cached,
          fallback: data.fallback_used,
          costUsd: data.cost_usd,
        }),
      },
      request: { body: sent },
      response: { id: data.id || undefined, modelId: data.model, headers: Object.fromEntries(meta.headers) },
      warnings,
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { body, call, warnings, extras } = prepare(this.modelId, options);
    if (extras.fallback_models) {
      warnings.push({ type: 'unsupported', feature: 'fallbackModels', details: 'the streaming route takes no fallback models' });
    }
    if (extras.cache != null)
      warnings.push({ type: 'unsupported', feature: 'cache', details: 'the streaming route takes no cache option' });
    const url = `${this.#client.baseURL}/v1/chat/completions`;
    // The compat route's stream, which (unlike /v1/chat's plain text) says how it finished and what it used.
    const { model, messages, max_tokens, temperature, top_p, stop, seed, presence_penalty, frequency_penalty } = body;
    const compat = { model, messages, max_tokens, temperature, top_p, stop, seed, presence_penalty, frequency_penalty };
    // What completionsStream() sends: the stream asked for, with its usage chunk.
    const sent = { ...compat, stream: true, stream_options: { include_usage: true } };
    const stream = this.#client.completionsStream(compat, call);
    const toError = (err: unknown) => aiError(err, url, sent, this.#client);
    // Read up to the first chunk here, so an HTTP error (a 429, a 402) is thrown from doStream, where the AI SDK
    // can retry it, rather than arriving later as a stream part.
    const first = await stream.next().catch((err: unknown) => {
      throw toError(err);
    });
    return {
      stream: new ReadableStream<LanguageModelV3StreamPart>(
        streamParts(stream, first, { warnings, model, raw: options.includeRawChunks === true, toError }),
        // Parts read ahead, up to 16, several chunks a pull when they have come together (as @ai-sdk/openai-compatible's
        // pipeline does, unbounded): fewer pulls, each a promise.
        { highWaterMark: 16 },
      ),
      request: { body: sent },
      response: { headers: Object.fromEntries(stream.meta?.headers ?? []) },
    };
  }
}

/** The gateway's request for an AI SDK call: its messages and the parameters the gateway takes; the rest warned of, or refused. */
function prepare(modelId: string, options: LanguageModelV3CallOptions) {
  const warnings: SharedV3Warning[] = [];
  if (options.tools?.length) {
    throw new UnsupportedFunctionalityError({ functionality: 'tools', message: 'The gateway has no tool calling: tools cannot be sent.' });
  }
  if (options.topK !== undefined) warnings.push({ type: 'unsupported', feature: 'topK', details: 'the gateway takes no topK' });
  if (options.responseFormat?.type === 'json') {
    warnings.push({ type: 'unsupported', feature: 'responseFormat', details: 'the gateway has no JSON mode: ask for JSON in the prompt' });
  }
  const given = options.providerOptions?.omnigate ?? {};
  const [issue] = validate(given, CALL_OPTIONS, 1);
  if (issue) {
    throw new InvalidProviderOptionsError({ argument: `providerOptions.omnigate.${issue.path}`, message: issue.message });
  }
  const { userId, cache, fallbackModels } = given as OmnigateCallOptions;
  // What only /v1/chat takes (generateText); doStream warns of them.
  const extras = { ...(cache != null && { cache }), ...(fallbackModels && { fallback_models: fallbackModels }) };
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const body: ChatParams & { messages: Message[] } = {
    model: modelId,
    messages: messages(options.prompt, warnings),
    max_tokens: options.maxOutputTokens,
    temperature: options.temperature,
    top_p: options.topP,
    stop: options.stopSequences,
    seed: options.seed,
    presence_penalty: options.presencePenalty,
    frequency_penalty: options.frequencyPenalty,
  };
  // The AI SDK retries (maxRetries); the client must not retry again underneath it.
  const call: CallOptions = { signal: options.abortSignal, headers, userId, retries: 0 };
  return { body, call, warnings, extras };
}

/** The AI SDK's prompt as the gateway's messages: text only; files and tool calls are refused before sending. */
function messages(prompt: LanguageModelV3Prompt, warnings: SharedV3Warning[]): Message[] {
  return prompt.map((message): Message => {
    if (message.role === 'system') return { role: 'system', content: message.content };
    if (message.role === 'tool') {
      throw new UnsupportedFunctionalityError({
        functionality: 'tool results',
        message: 'The gateway has no tool calling: tool results cannot be sent.',
      });
    }
    let content = '';
    for (const part of message.content) {
      if (part.type === 'text') content += part.text;
      else if (part.type === 'reasoning')
        warnings.push({ type: 'other', message: 'reasoning from an earlier turn is not sent: the gateway takes text' });
      else {
        throw new UnsupportedFunctionalityError({
          functionality: part.type === 'file' ? 'file parts (images, documents)' : 'tool calls',
          message: `The gateway takes text only: a ${part.type} part cannot be sent.`,
        });
      }
    }
    return { role: message.role, content };
  });
}

/**
 * This SDK's typed error as the AI SDK's: an HTTP error or a connection failure becomes an APICallError, retryable
 * where this SDK would retry it, with the typed error as `cause`; an abort or a bad argument stays what it is.
 */
function aiError(err: unknown, url: string, requestBodyValues: unknown, client: Client): unknown {
  const { retryStatuses } = internals.get(client)!.retry;
  if (err instanceof APIError || err instanceof ResponseValidationError) {
    const body = err instanceof APIError ? err.body : undefined;
    return new APICallError({
      message: err.message,
      url,
      requestBodyValues,
      statusCode: err.statusCode,
      responseHeaders: err instanceof APIError && err.headers ? Object.fromEntries(err.headers) : undefined,
      responseBody: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
      isRetryable: err instanceof APIError && retryStatuses.includes(err.statusCode),
      cause: err,
      data: err instanceof APIError ? { name: err.name, detail: err.detail, requestId: err.requestId } : undefined,
    });
  }
  if (err instanceof ConnectionError)
    return new APICallError({ message: err.message, url, requestBodyValues, isRetryable: true, cause: err });
  return err;
}
