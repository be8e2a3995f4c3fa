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
import { type Attributes, type Meter, metrics, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { ErrorEvent, HookEvent, Hooks, HookUsage, ResponseEvent, RetryEvent, StreamEndEvent } from './core/hooks.js';
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

/** The conventions' names for the gateway's providers. */
const PROVIDERS: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', gemini: 'gcp.gemini', azure: 'azure.ai.openai' };
/** The conventions' advised bucket boundaries. */
const SECONDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

interface Call {
  span: Span;
  chat: boolean;
  /** What the metrics are recorded with. */
  attributes: Attributes;
  streaming: boolean;
  usage: HookUsage | null;
}

/**
 * Hooks that trace and measure every call. Give them to the client (or one call) as `hooks`.
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

  /** Ends a call's span, and for a chat records its duration and tokens. */
  const end = (event: HookEvent, call: Call, errorType?: string) => {
    calls.delete(event.callId);
    const attributes = errorType ? { ...call.attributes, 'error.type': errorType } : call.attributes;
    if (call.usage) setUsage(call.span, call.usage);
    call.span.end();
    if (!call.chat) return;
    duration.record(event.elapsedMs / 1000, attributes);
    if (call.usage) {
      tokens.record(call.usage.prompt_tokens, { ...attributes, 'gen_ai.token.type': 'input' });
      tokens.record(call.usage.completion_tokens, { ...attributes, 'gen_ai.token.type': 'output' });
    }
  };

  return {
    content: options.recordContent === true,
    onRequest(event) {
      if (event.attempt > 1) return;
      const chat = /^POST \/v1\/chat(\/completions)?$/.test(event.operation);
      const url = new URL(event.url);
      const attributes: Attributes = {
        'server.address': url.hostname,
        'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
        ...(chat && { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': event.model }),
      };
      const name = chat ? `chat ${event.model}` : event.operation;
      const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: { ...attributes, 'omnigate.operation': event.operation } });
      const messages = (event.input as { messages?: Array<{ role: string; content: unknown }> } | undefined)?.messages;
      if (messages) span.setAttribute('gen_ai.input.messages', JSON.stringify(messages.map(asMessage)));
      calls.set(event.callId, { span, chat, attributes, streaming: false, usage: null });
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
      const provider = meta.provider ? (PROVIDERS[meta.provider] ?? meta.provider) : undefined;
      if (call.chat) {
        Object.assign(call.attributes, {
          ...(provider && { 'gen_ai.provider.name': provider }),
          'gen_ai.response.model': meta.model ?? call.attributes['gen_ai.request.model'],
        });
      }
      call.span.setAttributes({
        ...call.attributes,
        'http.response.status_code': event.status,
        'omnigate.attempts': event.attempt,
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
