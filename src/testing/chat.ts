// A chat call behind the gates: routing by model name, the project's provider keys, the circuit breaker, fallback
// models, the response cache, the provider's answer (or its scripted failure), usage and cost, and the record that
// metrics and budgets read. Shared by `/v1/chat` and `/v1/chat/completions`, whole or streamed.
import { type ProviderName, providerFor } from '../core/routing.js';
import { costOf, DISPLAY } from './catalog.js';
import type { ProjectContext } from './context.js';
import { DEFAULT_STREAM_FAILURE } from './failures.js';
import type { UsageStatus } from './state.js';

export interface ChatMessage {
  role: string;
  content: string;
}

/** What a caller asked for, as both chat routes read it. */
export interface ChatCall {
  model: string;
  messages: ChatMessage[];
  fallbackModels: string[];
  cache: boolean | null;
  temperature: number | null;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface Answer {
  provider: ProviderName;
  model: string;
  content: string;
  usage: Usage;
  cost: number;
  cached: boolean;
  fallback: boolean;
}

export interface Refusal {
  status: number;
  message: string;
}

/** Tokens, roughly as a tokenizer counts them: words and punctuation marks. */
const tokens = (text: string): number => text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0;

export function usageOf(messages: ChatMessage[], content: string): Usage {
  const prompt = 5 + messages.reduce((sum, m) => sum + 4 + tokens(m.content), 0);
  const completion = tokens(content);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The last user message's text ('' when there is none): what the default reply echoes. */
export const lastUser = (messages: ChatMessage[]) => messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';

/** The provider for a model and this project, or why not (the gateway's 400s and its 503). */
export function resolve(ctx: ProjectContext, model: string): ProviderName | Refusal {
  const provider = providerFor(model);
  if (!provider) return { status: 400, message: `No provider registered for model '${model}'` };
  if (!ctx.project.providers.has(provider)) {
    return { status: 400, message: `No ${provider} key configured for this project. Add one via POST /v1/keys.` };
  }
  if (ctx.state.circuitOpen(provider, ctx.project)) return { status: 503, message: `${provider} circuit is open` };
  return provider;
}

/** How the provider fails this call, if it does: a scripted failure, or the stand-in's prompts (`fail:401`, `fail:502`). */
export function providerFailure(ctx: ProjectContext, provider: ProviderName, messages: ChatMessage[]): Refusal | undefined {
  const name = DISPLAY[provider];
  const failure = ctx.scriptedFailure('provider');
  if (failure?.kind === 'provider') {
    const body = failure.body ?? JSON.stringify({ error: { message: `mock provider error ${failure.status}` } });
    return { status: failure.status, message: `${name} error ${failure.status}: ${body}` };
  }
  const prompt = lastUser(messages);
  if (prompt === 'fail:401') return { status: 401, message: `${name} error 401: {"error":{"message":"Incorrect API key provided"}}` };
  if (prompt === 'fail:502') return { status: 502, message: `${name} request failed: ConnectError` };
  return undefined;
}

/** Where a stream breaks, if it does: after which text, with which message. */
export function streamFailure(ctx: ProjectContext, provider: ProviderName, messages: ChatMessage[], pieces: string[]) {
  const failure = ctx.scriptedFailure('stream');
  if (failure?.kind === 'streamFailure') {
    return { after: failure.after ?? pieces[0] ?? '', message: failure.message ?? DEFAULT_STREAM_FAILURE };
  }
  if (lastUser(messages) === 'streamfail') return { after: pieces.join(''), message: DEFAULT_STREAM_FAILURE };
  const refusal = providerFailure(ctx, provider, messages);
  return refusal && { after: '', message: refusal.message };
}

/** The reply in pieces as a provider streams them: words with their leading spaces. */
export const piecesOf = (text: string): string[] => text.match(/\s*\S+\s*$|\s*\S+/gu) ?? [];

/** A whole (not streamed) chat: cache, candidates in order, the first answer or the last refusal; recorded. */
export function complete(ctx: ProjectContext, call: ChatCall): Answer | Refusal {
  const candidates = [...new Set([call.model, ...call.fallbackModels].filter(Boolean))].slice(0, 6);
  const cacheKey =
    call.cache === true && call.temperature === 0 && providerFor(call.model)
      ? JSON.stringify([ctx.project.id, call.model, call.messages])
      : undefined;
  const hit = cacheKey === undefined ? undefined : ctx.state.cached<Answer>(cacheKey);
  if (hit) {
    const answer = { ...hit, cost: 0, cached: true };
    record(ctx, answer.provider, answer.model, answer.usage, 0, 'cache_hit');
    return answer;
  }
  let last: Refusal = { status: 502, message: 'No provider candidate could handle the request' };
  for (const model of candidates) {
    const provider = resolve(ctx, model);
    if (typeof provider !== 'string') {
      last = provider;
      continue;
    }
    const failed = providerFailure(ctx, provider, call.messages);
    ctx.state.providerCalled(provider, ctx.project, !!failed && failed.status >= 500);
    if (failed) {
      last = failed;
      continue;
    }
    const content = ctx.reply(call.messages);
    const usage = usageOf(call.messages, content);
    const cost = costOf(model, usage.prompt_tokens, usage.completion_tokens);
    const answer: Answer = { provider, model, content, usage, cost, cached: false, fallback: model !== call.model };
    if (cacheKey !== undefined && !answer.fallback) ctx.state.cache(cacheKey, answer);
    record(ctx, provider, model, usage, cost, 'ok');
    return answer;
  }
  record(ctx, providerFor(call.model) ?? 'unknown', call.model, undefined, 0, 'error');
  return last;
}

/** A call's record: what `/v1/metrics` and the budgets add up. */
export function record(ctx: ProjectContext, provider: string, model: string, usage: Usage | undefined, cost: number, status: UsageStatus) {
  ctx.state.record({
    project: ctx.project,
    userId: ctx.userId,
    provider,
    model,
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    cost,
    status,
    latencyMs: status === 'cache_hit' ? 0 : Math.max(0, Math.round(ctx.state.now() - ctx.arrivedAt)),
  });
}
