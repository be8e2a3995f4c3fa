// `POST /v1/chat` and `POST /v1/chat/completions` as the gateway answers them: the gateHeaders (rate limit, budgets), the
// body, then the answer: JSON, the plain-text stream, or the compat route's JSON and events, each with its headers.
import { bodyOf } from './account.js';
import { costOf } from './catalog.js';
import { type Answer, type ChatCall, type ChatMessage, complete, piecesOf, record, resolve, streamFailure, usageOf } from './chat.js';
import type { ProjectContext } from './context.js';
import { budgets, rateLimit } from './limits.js';
import { hex32 } from './state.js';
import { compatFrames, frameStream, plainFrames } from './streams.js';
import { detail, type HeaderList, json, openaiError } from './wire.js';

// biome-ignore lint/suspicious/noExplicitAny: a body that passed its checks, read field by field
type Body = Record<string, any>;

/** The compat request as the gateway's own: roles mapped (`developer` is `system`), or the 400 it answers. */
function toInternal(body: Body): ChatMessage[] | string {
  if (body.n != null && Number(body.n) > 1) return 'n > 1 is not supported';
  const out: ChatMessage[] = [];
  for (const m of body.messages as Array<{ role: string; content: unknown }>) {
    if (!['system', 'user', 'assistant', 'developer'].includes(m.role)) return `role '${m.role}' not supported`;
    if (Array.isArray(m.content)) return 'multimodal not supported';
    out.push({ role: m.role === 'developer' ? 'system' : m.role, content: typeof m.content === 'string' ? m.content : '' });
  }
  return out;
}

export function chatRoute(ctx: ProjectContext, isCompat: boolean): Response {
  const { requestId } = ctx;
  const limited = rateLimit(ctx.state, ctx.project, requestId);
  if ('refused' in limited) return limited.refused;
  const spent = budgets(ctx.state, ctx.project, requestId);
  if ('refused' in spent) return spent.refused;
  const gateHeaders: HeaderList = [...limited.headers, ...spent.headers];

  const read = bodyOf(ctx, isCompat ? 'chatCompletions' : 'chat');
  if (read instanceof Response) return read;
  const body = read as Body;
  const messages = isCompat ? toInternal(body) : (body.messages as ChatMessage[]);
  if (typeof messages === 'string') return openaiError(400, messages, requestId, gateHeaders);
  const call: ChatCall = {
    model: body.model,
    messages,
    fallbackModels: isCompat ? [] : (body.fallback_models ?? []),
    cache: body.cache ?? null,
    temperature: body.temperature == null ? null : Number(body.temperature),
  };
  const streamed = body.stream === true || body.stream === 'true' || body.stream === 1;
  if (streamed) return startStream(ctx, call, gateHeaders, isCompat ? !!body.stream_options?.include_usage : undefined);

  const outcome = complete(ctx, call);
  if ('status' in outcome) {
    return isCompat
      ? openaiError(outcome.status, outcome.message, requestId, gateHeaders)
      : detail(outcome.status, outcome.message, requestId);
  }
  return isCompat ? compatAnswer(outcome, gateHeaders, requestId, ctx.state.now()) : nativeAnswer(outcome, gateHeaders, ctx);
}

function nativeAnswer(a: Answer, gateHeaders: HeaderList, ctx: ProjectContext): Response {
  const body = {
    id: `cmpl-${hex32().slice(0, 12)}`,
    provider: a.provider,
    model: a.model,
    content: a.content,
    usage: a.usage,
    cost_usd: a.cost,
    finish_reason: 'stop',
    cached: a.cached,
    fallback_used: a.fallback,
    latency_ms: a.cached ? 0 : Math.max(0, Math.round(ctx.state.now() - ctx.arrivedAt)),
  };
  return json(200, body, [
    ...gateHeaders,
    ['x-request-id', crypto.randomUUID()],
    ['x-llmgw-provider', a.provider],
    ['x-llmgw-model', a.model],
    ['x-llmgw-cached', String(a.cached)],
    ['x-llmgw-fallback', String(a.fallback)],
  ]);
}

function compatAnswer(a: Answer, gateHeaders: HeaderList, requestId: string, now: number): Response {
  const body = {
    id: `chatcmpl-${hex32()}`,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: a.model,
    choices: [{ index: 0, message: { role: 'assistant', content: a.content }, finish_reason: 'stop' }],
    usage: a.usage,
  };
  return json(200, body, [...gateHeaders, ['x-request-id', requestId]]);
}

/** A stream: the primary model only (no fallback, no cache); refusals before the 200, failures inside it. */
function startStream(ctx: ProjectContext, call: ChatCall, gateHeaders: HeaderList, includeUsage: boolean | undefined): Response {
  const { requestId } = ctx;
  const isCompat = includeUsage !== undefined;
  const provider = resolve(ctx, call.model);
  if (typeof provider !== 'string') {
    return isCompat
      ? openaiError(provider.status, provider.message, requestId, gateHeaders)
      : detail(provider.status, provider.message, requestId);
  }
  const content = ctx.reply(call.messages);
  const pieces = piecesOf(content);
  const failure = streamFailure(ctx, provider, call.messages, pieces);
  const sent = failure ? piecesOf(failure.after) : pieces;
  const usage = usageOf(call.messages, content);
  const onEnd = (end: 'ok' | 'error' | 'incomplete') => {
    const cost = end === 'ok' ? costOf(call.model, usage.prompt_tokens, usage.completion_tokens) : 0;
    record(ctx, provider, call.model, end === 'ok' ? usage : undefined, cost, end);
  };
  const settings = { ...ctx.streaming, onEnd };
  if (!isCompat) {
    const body = frameStream(plainFrames(sent, failure?.message), !!failure, settings);
    return new Response(body, {
      status: 200,
      headers: [
        ['x-request-id', crypto.randomUUID()],
        ['x-llmgw-provider', provider],
        ['x-llmgw-model', call.model],
        ['content-type', 'text/plain; charset=utf-8'],
        ...gateHeaders,
      ],
    });
  }
  const id = `chatcmpl-${hex32()}`;
  const created = Math.floor(ctx.state.now() / 1000);
  const frames = compatFrames({
    id,
    created,
    model: call.model,
    pieces: sent,
    failure: failure?.message,
    usage: includeUsage ? usage : undefined,
  });
  return new Response(frameStream(frames, !!failure, settings), {
    status: 200,
    headers: [['x-request-id', id], ['cache-control', 'no-cache'], ['content-type', 'text/event-stream; charset=utf-8'], ...gateHeaders],
  });
}
