/**
 * OpenTelemetry for every call: hooks that make a CLIENT span per call with the GenAI semantic conventions'
 * `gen_ai.*` attributes and the gateway's own as `omnigate.*`, and the two GenAI client metrics.
 * `@opentelemetry/api` is an optional peer dependency: only this subpath loads it.
 *
 * ```ts
 * import { otelHooks } from 'omnigate/otel';
 * ```
 * @module omnigate/otel
 */
import { type Attributes, context, type Meter, metrics, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { ErrorEvent, HookEvent, Hooks, HookUsage, RequestEvent, ResponseEvent, RetryEvent, StreamEndEvent } from './core/hooks.js';
import { providerFor } from './core/routing.js';
import { VERSION } from './version.js';

export interface OtelHooksOptions {
  /** The tracer to make spans with. Default: the global tracer provider's `omnigate` tracer. */
  tracer?: Tracer;
  /** The meter to record the GenAI metrics with. Default: the global meter provider's `omnigate` meter. */
  meter?: Meter;
  /**
   * Record what was said: the messages sent (`gen_ai.input.messages`) and a whole answer
   * (`gen_ai.output.messages`). Off by default: content can be personal data.
   */
  recordContent?: boolean;
}

/** The conventions' names for the gateway's providers; the gateway itself for what is not a provider's. */
const PROVIDERS: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', gemini: 'gcp.gemini', azure: 'azure.ai.openai' };
const GATEWAY = 'omnigate';
/** The operations that are a chat completion; every other operation is named by its operationId, in snake case. */
const CHAT = new Set(['chat', 'chatCompletions']);
/** The chat parameters the conventions record (Recommended; `seed` Conditionally Required when sent), by body field. */
const REQUEST: Array<[field: string, attribute: string]> = [
  ['temperature', 'gen_ai.request.temperature'],
  ['max_tokens', 'gen_ai.request.max_tokens'],
  ['max_completion_tokens', 'gen_ai.request.max_tokens'],
  ['top_p', 'gen_ai.request.top_p'],
  ['frequency_penalty', 'gen_ai.request.frequency_penalty'],
  ['presence_penalty', 'gen_ai.request.presence_penalty'],
  ['seed', 'gen_ai.request.seed'],
];
/** The conventions' advised bucket boundaries. */
const SECONDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

interface Call {
  span: Span;
  /** performance.now() at the start: durations are monotonic. */
  started: number;
  /** What the metrics are recorded with (the conventions' metric attributes). */
  attributes: Attributes;
  streaming: boolean;
  usage: HookUsage | null;
}

/** The conventions' operation name for a call: `chat`, or its operationId in snake case (`list_models`). */
function operationName(operationId: string): string {
  return CHAT.has(operationId) ? 'chat' : operationId.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The provider a call goes to, as the conventions name it: by the model's routing rules, else the gateway's own. */
function providerName(model: string | undefined): string {
  const routed = model === undefined ? undefined : providerFor(model);
  return routed ? PROVIDERS[routed]! : GATEWAY;
}

/**
 * Hooks that trace and measure every call. Give them to the client (or one call) as `hooks`. Each call is a CLIENT
 * span named `chat {model}` or by its operation (`get_model`: never an id), made active around each attempt's fetch
 * (so an instrumented fetch's span is its child), with the GenAI conventions' attributes from its start.
 *
 * @example
 * ```ts
 * import { Client } from 'omnigate';
 * import { otelHooks } from 'omnigate/otel';
 *
 * const client = new Client({ apiKey: process.env.OMNIGATE_API_KEY, hooks: otelHooks() });
 * ```
 */
export function otelHooks(options: OtelHooksOptions = {}): Hooks {
  const tracer = options.tracer ?? trace.getTracer('omnigate', VERSION);
  const meter = options.meter ?? metrics.getMeter('omnigate', VERSION);
  const duration = meter.createHistogram('gen_ai.client.operation.duration', {
    description: 'GenAI operation duration',
    unit: 's',
    advice: { explicitBucketBoundaries: SECONDS },
  });
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    description: 'Number of input and output tokens used',
    unit: '{token}',
    advice: { explicitBucketBoundaries: TOKENS },
  });
  const calls = new Map<number, Call>();

  /** Ends a call's span, and records its duration and (when the gateway said) its tokens. */
  const end = (event: HookEvent, call: Call, errorType?: string) => {
    calls.delete(event.callId);
    const attributes = errorType ? { ...call.attributes, 'error.type': errorType } : call.attributes;
    if (call.usage) setUsage(call.span, call.usage);
    call.span.end();
    duration.record((performance.now() - call.started) / 1000, attributes);
    if (call.usage) {
      tokens.record(call.usage.prompt_tokens, { ...attributes, 'gen_ai.token.type': 'input' });
      tokens.record(call.usage.completion_tokens, { ...attributes, 'gen_ai.token.type': 'output' });
    }
  };

  return {
    content: options.recordContent === true,
    onRequest(event: RequestEvent) {
      if (event.attempt > 1) return;
      const operation = operationName(event.operationId);
      const url = new URL(event.url);
      const attributes: Attributes = {
        'gen_ai.operation.name': operation,
        'gen_ai.provider.name': providerName(event.model),
        ...(event.model !== undefined && { 'gen_ai.request.model': event.model }),
        'server.address': url.hostname,
        'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      };
      const name = event.model === undefined ? operation : `${operation} ${event.model}`;
      const span = tracer.startSpan(name, {
        kind: SpanKind.CLIENT,
        attributes: { ...attributes, ...requestAttributes(event.params), 'omnigate.operation': event.route },
      });
      const messages = (event.input as { messages?: Array<{ role: string; content: unknown }> } | undefined)?.messages;
      if (messages) span.setAttribute('gen_ai.input.messages', JSON.stringify(messages.map(asMessage)));
      calls.set(event.callId, { span, started: performance.now(), attributes, streaming: false, usage: null });
    },
    wrap(event, send) {
      const call = calls.get(event.callId);
      return call ? context.with(trace.setSpan(context.active(), call.span), send) : send();
    },
    onRetry(event: RetryEvent) {
      calls.get(event.callId)?.span.addEvent('omnigate.retry', {
        'omnigate.attempt': event.attempt,
        'omnigate.retry.delay_ms': event.delayMs,
        'omnigate.retry.reason': event.reason,
        ...(event.status !== undefined && { 'http.response.status_code': event.status }),
      });
    },
    onResponse(event: ResponseEvent) {
      const call = calls.get(event.callId);
      if (!call) return;
      const { meta } = event;
      // The routing rules named the provider at the start; `/v1/chat`'s header says which one answered (a fallback).
      if (meta.provider) call.attributes['gen_ai.provider.name'] = PROVIDERS[meta.provider] ?? meta.provider;
      if (event.model !== undefined) call.attributes['gen_ai.response.model'] = meta.model ?? event.model;
      // A compat stream's x-request-id is its completion's id (`chatcmpl-...`); a whole answer has its id in the body.
      const responseId = event.responseId || (event.stream && meta.requestId?.startsWith('chatcmpl-') ? meta.requestId : undefined);
      call.span.setAttributes({
        ...call.attributes,
        'http.response.status_code': event.status,
        'omnigate.attempts': event.attempt,
        ...(responseId && { 'gen_ai.response.id': responseId }),
        ...(meta.requestId && { 'omnigate.request_id': meta.requestId }),
        ...(meta.cached !== null && { 'omnigate.cached': meta.cached }),
        ...(meta.fallback !== null && { 'omnigate.fallback': meta.fallback }),
        ...(meta.rateLimit?.remaining != null && { 'omnigate.rate_limit.remaining': meta.rateLimit.remaining }),
        ...(event.finishReason && { 'gen_ai.response.finish_reasons': [event.finishReason] }),
        ...(event.costUsd !== undefined && { 'omnigate.cost_usd': event.costUsd }),
      });
      const text = outputText(event.output);
      if (text !== undefined) {
        const output = [{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: event.finishReason ?? 'stop' }];
        call.span.setAttribute('gen_ai.output.messages', JSON.stringify(output));
      }
      call.usage = event.usage ?? null;
      if (event.stream) call.streaming = true;
      else end(event, call);
    },
    onError(event: ErrorEvent) {
      const call = calls.get(event.callId);
      if (!call) return;
      const { error } = event;
      const status = (error as { statusCode?: number }).statusCode;
      call.span.setAttributes({ 'error.type': error.name, ...(status && { 'http.response.status_code': status }) });
      call.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      call.span.recordException({ name: error.name, message: error.message });
      // A stream that failed mid-way ends at onStreamEnd, which follows.
      if (call.streaming) call.attributes['error.type'] = error.name;
      else end(event, call, error.name);
    },
    onStreamEnd(event: StreamEndEvent) {
      const call = calls.get(event.callId);
      if (!call) return;
      call.usage = event.usage ?? call.usage;
      call.span.setAttributes({ 'omnigate.stream.items': event.items, 'omnigate.stream.bytes': event.bytes });
      if (event.abandoned) call.span.setAttribute('omnigate.stream.abandoned', true);
      end(event, call);
    },
  };
}

/** A chat's parameters as the conventions' request attributes (`stop` as `gen_ai.request.stop_sequences`). */
function requestAttributes(params: Record<string, unknown> | undefined): Attributes {
  const out: Attributes = {};
  if (!params) return out;
  for (const [field, attribute] of REQUEST) {
    const value = params[field];
    if (typeof value === 'number') out[attribute] = value;
  }
  if (typeof params.stream === 'boolean') out['gen_ai.request.stream'] = params.stream;
  const { stop } = params;
  if (typeof stop === 'string') out['gen_ai.request.stop_sequences'] = [stop];
  else if (Array.isArray(stop)) out['gen_ai.request.stop_sequences'] = stop.filter((s) => typeof s === 'string');
  return out;
}

function setUsage(span: Span, usage: HookUsage) {
  span.setAttributes({ 'gen_ai.usage.input_tokens': usage.prompt_tokens, 'gen_ai.usage.output_tokens': usage.completion_tokens });
}

/** A message as the conventions record it: its role and its text as one part. */
function asMessage(m: { role: string; content: unknown }) {
  return { role: m.role, parts: [{ type: 'text', content: m.content ?? '' }] };
}

/** The text of a whole answer: `/v1/chat`'s `content`, or the compat route's first choice. */
function outputText(output: unknown): string | undefined {
  const o = output as { content?: string; choices?: Array<{ message?: { content?: string | null } }> } | undefined;
  const text = o?.content ?? o?.choices?.[0]?.message?.content;
  return typeof text === 'string' ? text : undefined;
}
