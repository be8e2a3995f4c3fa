// omnigate/otel with the real OpenTelemetry SDK (an in-memory span exporter, a metric reader): a chat, streams, a
// retried 429, a provider error, an abandoned stream; spans' names, kinds, attributes and status, and the two GenAI
// client metrics, checked against the names in @opentelemetry/semantic-conventions.
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, type HistogramMetricData, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@opentelemetry/semantic-conventions/incubating';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type ClientOptions, ProviderError } from '../../src/index.js';
import { type OtelHooksOptions, otelHooks } from '../../src/otel.js';
import { createMockGateway, type MockGateway, type MockGatewayOptions } from '../../src/testing.js';
import { collect } from '../support/server.js';

class Reader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

let gw: MockGateway;
afterEach(() => gw?.close());

function traced(options: { client?: ClientOptions; mock?: MockGatewayOptions; otel?: OtelHooksOptions } = {}) {
  gw = createMockGateway(options.mock);
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
  const reader = new Reader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  const hooks = otelHooks({ tracer, meter, ...options.otel });
  const client = new Client({
    fetch: gw.fetch,
    baseURL: gw.url,
    apiKey: gw.apiKey,
    hooks,
    retryConfig: { backoffBase: 1, backoffMax: 5 },
    ...options.client,
  });
  const spans = () => exporter.getFinishedSpans();
  const histogram = async (name: string) => {
    const { resourceMetrics } = await reader.collect();
    const found = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name) as
      | HistogramMetricData
      | undefined;
    return (found?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, count: p.value.count, sum: p.value.sum }));
  };
  return { client, spans, histogram };
}
const hi = { model: 'gpt-4o-mini', messages: 'hi' };
const one = (spans: ReadableSpan[]) => {
  expect(spans).toHaveLength(1);
  return spans[0]!;
};

describe('spans and metrics by the GenAI conventions', () => {
  it('a chat: one CLIENT span `chat {model}`, gen_ai and omnigate attributes; the duration and both token counts', async () => {
    const { client, spans, histogram } = traced();
    await client.chat(hi);
    const span = one(spans());
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 3,
      [ATTR_SERVER_ADDRESS]: 'omnigate.localhost',
      [ATTR_SERVER_PORT]: 80,
      'omnigate.request_id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'omnigate.cost_usd': 0.000003,
      'omnigate.cached': false,
      'omnigate.fallback': false,
      'omnigate.attempts': 1,
      'omnigate.rate_limit.remaining': 59,
    });
    expect(Object.keys(span.attributes)).not.toContain(ATTR_GEN_AI_INPUT_MESSAGES);
    expect(Object.keys(span.attributes)).not.toContain(ATTR_GEN_AI_OUTPUT_MESSAGES);
    const common = {
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_SERVER_ADDRESS]: 'omnigate.localhost',
    };
    expect(await histogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION)).toEqual([
      { attributes: expect.objectContaining(common), count: 1, sum: expect.any(Number) },
    ]);
    expect(await histogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE)).toEqual([
      { attributes: expect.objectContaining({ ...common, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' }), count: 1, sum: 10 },
      { attributes: expect.objectContaining({ ...common, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' }), count: 1, sum: 3 },
    ]);
  });

  it('a stream: the span lasts until the stream ends, with the usage the compat stream reports', async () => {
    const { client, spans, histogram } = traced();
    const stream = client.completionsStream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    await stream.next();
    expect(spans()).toEqual([]);
    await collect(stream);
    const span = one(spans());
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 3,
      'omnigate.stream.items': 5,
    });
    expect(span.attributes).not.toHaveProperty('omnigate.stream.abandoned');
    expect((await histogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE)).map((p) => p.sum)).toEqual([10, 3]);
  });

  it('a 429 retried: one span, a retry event, two attempts', async () => {
    const { client, spans } = traced();
    gw.failNext('chat', { kind: 'rateLimit', retryAfter: 0 });
    await client.chat(hi);
    const span = one(spans());
    expect(span.attributes['omnigate.attempts']).toBe(2);
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'omnigate.retry',
        { 'omnigate.attempt': 1, 'omnigate.retry.delay_ms': 0, 'omnigate.retry.reason': 'HTTP 429', 'http.response.status_code': 429 },
      ],
    ]);
  });

  it('a provider error: status ERROR, error.type and the status; the duration metric carries error.type', async () => {
    const { client, spans, histogram } = traced({ client: { retries: 0 } });
    gw.failNext('chat', { kind: 'provider', status: 401 });
    await expect(client.chat(hi)).rejects.toBeInstanceOf(ProviderError);
    const span = one(spans());
    expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR, message: expect.stringMatching(/OpenAI error 401/) });
    expect(span.attributes).toMatchObject({ 'error.type': 'ProviderError', 'http.response.status_code': 401 });
    expect((await histogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION))[0]!.attributes).toMatchObject({ 'error.type': 'ProviderError' });
    expect(await histogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE)).toEqual([]);
  });

  it('an abandoned stream ends its span, marked abandoned; a stream failing mid-way ends it in error', async () => {
    const { client, spans } = traced({ mock: { reply: () => 'one two three four' } });
    for await (const _ of client.chatStream(hi)) break;
    expect(one(spans()).attributes).toMatchObject({ 'omnigate.stream.abandoned': true, 'omnigate.stream.items': 1 });
    gw.failNext('chat', { kind: 'streamFailure', after: 'one two' });
    await collect(client.chatStream(hi));
    const failed = spans()[1]!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes).toMatchObject({ 'error.type': 'ProviderError', 'omnigate.stream.items': 2 });
  });

  it('other calls: a span named by the operation (never an id), with their own operation names and the gateway as provider', async () => {
    const { client, spans, histogram } = traced();
    await client.me();
    await client.model('gpt-4o');
    const [me, model] = spans();
    expect(me!.name).toBe('me');
    expect(model!.name).toBe('get_model');
    expect(me!.attributes).toMatchObject({ [ATTR_GEN_AI_OPERATION_NAME]: 'me', [ATTR_GEN_AI_PROVIDER_NAME]: 'omnigate' });
    expect(model!.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'get_model',
      'omnigate.operation': 'GET /v1/models/{model_id}',
    });
    expect(model!.attributes).not.toHaveProperty(ATTR_GEN_AI_REQUEST_MODEL);
    const durations = await histogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(durations.map((d) => d.attributes[ATTR_GEN_AI_OPERATION_NAME]).sort()).toEqual(['get_model', 'me']);
  });

  it('content only when asked for: the messages sent and the answer, as the conventions shape them', async () => {
    const { client, spans } = traced({ otel: { recordContent: true } });
    await client.chat(hi);
    const { attributes } = one(spans());
    expect(JSON.parse(attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
    ]);
    expect(JSON.parse(attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'echo: hi' }], finish_reason: 'stop' },
    ]);
  });

  it('no key in any span', async () => {
    const { client, spans } = traced({ otel: { recordContent: true } });
    await client.setProviderKey({ provider: 'anthropic', api_key: 'sk-ant-secret-12345678' });
    await client.chat(hi);
    const seen = JSON.stringify(spans().map((s) => [s.name, s.attributes, s.events]));
    expect(seen).not.toContain(gw.apiKey);
    expect(seen).not.toContain('sk-ant-secret');
  });
});

describe('from the span’s start, on every operation', () => {
  /** The attributes each span had when it started: what a sampler sees. */
  function atStart() {
    gw = createMockGateway({ rateLimitPerMin: 1000 });
    const started: Array<{ name: string; attributes: Record<string, unknown> }> = [];
    const onStart: SpanProcessor = {
      onStart: (span) =>
        void started.push({
          name: (span as unknown as ReadableSpan).name,
          attributes: { ...(span as unknown as ReadableSpan).attributes },
        }),
      onEnd: () => {},
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const tracer = new BasicTracerProvider({ spanProcessors: [onStart] }).getTracer('test');
    const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, hooks: otelHooks({ tracer }) });
    return { client, started };
  }

  it('operation name, provider and request model for chat, compat and streams; the operation name for the rest; no id in a name', async () => {
    const { client, started } = atStart();
    const compat = { model: 'claude-3-5-sonnet-latest', messages: [{ role: 'user' as const, content: 'hi' }] };
    await client.chat(hi);
    await client.chatStream(hi).text();
    await client.completions(compat).catch(() => undefined); // no anthropic key: a 400, but the span started right
    await collect(client.completionsStream({ ...compat, model: 'gemini-1.5-pro' })).catch(() => undefined);
    const key = await client.createApiKey({ name: 'k' });
    for (const call of [
      client.me(),
      client.models(),
      client.model('azure/gpt-4o'),
      client.metrics(),
      client.listApiKeys(),
      client.revokeApiKey(key.id),
      client.health(),
    ])
      await call.catch(() => undefined);
    const [chat, stream, completions, completionsStream, ...rest] = started;
    for (const [span, provider, model] of [
      [chat, 'openai', 'gpt-4o-mini'],
      [stream, 'openai', 'gpt-4o-mini'],
      [completions, 'anthropic', 'claude-3-5-sonnet-latest'],
      [completionsStream, 'gcp.gemini', 'gemini-1.5-pro'],
    ] as const) {
      expect(span!.name).toBe(`chat ${model}`);
      expect(span!.attributes).toMatchObject({
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: provider,
        [ATTR_GEN_AI_REQUEST_MODEL]: model,
      });
    }
    expect(rest.map((s) => s.name)).toEqual([
      'create_api_key',
      'me',
      'list_models',
      'get_model',
      'metrics',
      'list_api_keys',
      'revoke_api_key',
      'health',
    ]);
    for (const span of rest) {
      expect(span.attributes).toMatchObject({ [ATTR_GEN_AI_OPERATION_NAME]: span.name, [ATTR_GEN_AI_PROVIDER_NAME]: 'omnigate' });
      expect(span.name).not.toMatch(/[0-9a-f]{8}-|%2F|gpt/);
    }
  });

  it('the chat parameters sent, by the conventions’ names, from the start; the response id at the end', async () => {
    const { client, started } = atStart();
    const params = { temperature: 0.3, max_tokens: 50, top_p: 0.9, stop: 'END', seed: 42, presence_penalty: 0.5, frequency_penalty: -0.5 };
    await client.chat({ ...hi, ...params });
    expect(started[0]!.attributes).toMatchObject({
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.3,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 50,
      [ATTR_GEN_AI_REQUEST_TOP_P]: 0.9,
      [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: ['END'],
      [ATTR_GEN_AI_REQUEST_SEED]: 42,
      [ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY]: 0.5,
      [ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY]: -0.5,
      [ATTR_GEN_AI_REQUEST_STREAM]: false,
    });
    const { client: c2, spans } = traced();
    const completion = await c2.completions({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 9,
    });
    expect(one(spans()).attributes).toMatchObject({ [ATTR_GEN_AI_RESPONSE_ID]: completion.id, [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 9 });
  });

  it('the span is active around the fetch: with the SDK’s async context manager, an instrumented fetch’s span is its child', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      gw = createMockGateway();
      const exporter = new InMemorySpanExporter();
      const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
      // What fetch instrumentation does: a span of its own, under whatever span is active when fetch is called.
      const instrumented: typeof fetch = (input, init) =>
        tracer.startActiveSpan('HTTP POST', { kind: SpanKind.CLIENT }, (span) => gw.fetch(input, init).finally(() => span.end()));
      const client = new Client({ fetch: instrumented, baseURL: gw.url, apiKey: gw.apiKey, hooks: otelHooks({ tracer }) });
      await tracer.startActiveSpan('request handler', async (root) => {
        await client.chat(hi);
        root.end();
      });
      const spans = exporter.getFinishedSpans();
      const byName = (name: string) => spans.find((s) => s.name === name)!;
      const chat = byName('chat gpt-4o-mini');
      expect(byName('HTTP POST').parentSpanContext?.spanId).toBe(chat.spanContext().spanId);
      expect(chat.parentSpanContext?.spanId).toBe(byName('request handler').spanContext().spanId);
    } finally {
      context.disable();
      manager.disable();
    }
  });
});
