// The AI SDK's shapes from the gateway's: a compat stream as stream parts, and the finish reason, usage and
// `providerMetadata.omnigate` both calls report.
import type {
  JSONObject,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
  SharedV3Warning,
} from '@ai-sdk/provider';
import type { ChatCompletionChunk, Usage } from '../../generated/types.js';
import type { ResponseMeta } from '../core/meta.js';
import { providerFor } from '../core/routing.js';
import type { Stream } from '../streams/stream.js';

type Chunk = IteratorResult<ChatCompletionChunk, void>;

/**
 * The compat stream as the AI SDK's stream parts: the text, then how it finished, its usage and the gateway's facts
 * (the same fields as generateText's: the provider by the gateway's routing rules, the model from the chunks, no cost,
 * cache or fallback on this route). After a failure, as @ai-sdk/openai-compatible does: the error, the open text
 * closed, and a finish whose reason is `error`. A pull source rather than an async generator under the ReadableStream:
 * each pull reads chunks and enqueues their parts while the queue wants more, with no generator's turn of the event
 * loop per frame between.
 */
export function streamParts(
  stream: Stream<ChatCompletionChunk>,
  first: Chunk,
  how: { warnings: SharedV3Warning[]; model: string; raw: boolean; toError: (err: unknown) => unknown },
): UnderlyingDefaultSource<LanguageModelV3StreamPart> {
  let text = false;
  let finish: string | null = null;
  let model = how.model;
  // doStream read the first chunk already (so an HTTP error is thrown from it).
  let pending: Chunk | undefined = first;
  return {
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: how.warnings });
    },
    async pull(controller) {
      let failed = false;
      try {
        // Chunks until one gives a part (a pull that enqueues nothing is not called again: the reader would wait), and
        // on while the queue wants more.
        let parts = false;
        while (!parts || controller.desiredSize! > 0) {
          const next = pending ?? (await stream.next());
          pending = undefined;
          if (next.done) break;
          const chunk = next.value;
          if (how.raw) {
            controller.enqueue({ type: 'raw', rawValue: chunk });
            parts = true;
          }
          if (next === first) {
            model = chunk.model || model;
            controller.enqueue({
              type: 'response-metadata',
              id: chunk.id,
              modelId: chunk.model,
              timestamp: new Date(chunk.created * 1000),
            });
            parts = true;
          }
          for (const choice of chunk.choices) {
            const delta = choice.delta.content;
            if (delta) {
              if (!text) controller.enqueue({ type: 'text-start', id: '0' });
              controller.enqueue({ type: 'text-delta', id: '0', delta });
              text = true;
              parts = true;
            }
            finish = choice.finish_reason ?? finish;
          }
        }
        if (parts) return;
      } catch (err) {
        failed = true;
        controller.enqueue({ type: 'error', error: how.toError(err) });
      }
      if (text) controller.enqueue({ type: 'text-end', id: '0' });
      const facts = { provider: stream.meta?.provider ?? providerFor(model) ?? null, model, cached: null, fallback: null, costUsd: null };
      controller.enqueue({
        type: 'finish',
        finishReason: failed ? { unified: 'error', raw: undefined } : finishReason(finish),
        usage: usage(stream.usage ?? undefined),
        providerMetadata: { omnigate: metadata(stream.meta, facts) },
      });
      controller.close();
    },
    cancel: () => stream.abort(),
  };
}

/** A provider's own finish reason (`stop`, `end_turn`, `STOP`, `max_tokens`...) as the AI SDK's. */
export function finishReason(raw: string | null): LanguageModelV3FinishReason {
  const reason = raw?.toLowerCase() ?? '';
  const unified = /^(stop|end_turn|stop_sequence)$/.test(reason)
    ? 'stop'
    : /^(length|max_tokens)$/.test(reason)
      ? 'length'
      : /^(content_filter|safety)$/.test(reason)
        ? 'content-filter'
        : /^(tool_calls|tool_use|function_call)$/.test(reason)
          ? 'tool-calls'
          : 'other';
  return { unified, raw: raw ?? undefined };
}

/**
 * Token counts as @ai-sdk/openai-compatible derives them: nothing read from a cache and no reasoning tokens (the
 * gateway reports neither), so `noCache` is the input and `text` the output.
 */
export function usage(counts: Usage | undefined): LanguageModelV3Usage {
  if (!counts) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const { prompt_tokens: input, completion_tokens: output } = counts;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: 0 },
    raw: { ...counts },
  };
}

/** `providerMetadata.omnigate`: what the gateway said of the call; `costUsd` where it reports one (not on streams). */
export function metadata(meta: ResponseMeta | undefined, body: JSONObject = {}): JSONObject {
  const { requestId = null, provider = null, model = null, cached = null, fallback = null, rateLimit = null, budget = null } = meta ?? {};
  return {
    requestId,
    provider,
    model,
    cached,
    fallback,
    rateLimit: rateLimit && { ...rateLimit },
    budget: budget && { ...budget },
    ...body,
  };
}
