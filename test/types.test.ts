// The public types: parameters and results come from generated/, and mistakes fail to compile.
// `npm run typecheck` compiles this file: an @ts-expect-error that no longer errors fails the test command.
import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../generated/schema.js';
import type { Schemas } from '../generated/types.js';
import {
  type APIPromise,
  type ChatCompletionChunk,
  type ChatResponse,
  Client,
  type MetricsResponse,
  type ModelCard,
  RateLimitError,
  type ResponseMeta,
  type Stream,
  type StreamChunk,
} from '../src/index.js';

const client = new Client({ baseURL: 'http://127.0.0.1:9', retries: 0 });

/** True when A and B are the same type (each assignable to the other, in both directions). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('types', () => {
  it("every schema is exported by name, and each named type is the document's own", () => {
    type Named = { [K in keyof components['schemas']]: K extends keyof Schemas ? Same<components['schemas'][K], Schemas[K]> : false };
    expectTypeOf<Named[keyof Named]>().toEqualTypeOf<true>();
    expectTypeOf<keyof Schemas>().toEqualTypeOf<keyof components['schemas']>();
    expectTypeOf<import('../src/index.js').MetricsTotals>().toEqualTypeOf<Schemas['MetricsTotals']>();
    expectTypeOf<import('../src/index.js').CompletionUsage>().toEqualTypeOf<Schemas['CompletionUsage']>();
  });

  it('results are the generated wire types', () => {
    expectTypeOf(client.chat).returns.toEqualTypeOf<APIPromise<components['schemas']['ChatReply']>>();
    // Renamed schemas keep their old names as aliases.
    expectTypeOf<ChatResponse>().toEqualTypeOf<components['schemas']['ChatReply']>();
    expectTypeOf<import('../src/index.js').MetricsResponse>().toEqualTypeOf<import('../src/index.js').Metrics>();
    expectTypeOf<ChatResponse['usage']['total_tokens']>().toEqualTypeOf<number>();
    expectTypeOf(client.models).returns.resolves.toEqualTypeOf<ModelCard[]>();
    expectTypeOf(client.metrics).returns.resolves.toEqualTypeOf<MetricsResponse>();
    expectTypeOf(client.setProviderKey).returns.resolves.toEqualTypeOf<void>();
    expectTypeOf<Awaited<ReturnType<APIPromise<ChatResponse>['withResponse']>>['meta']>().toEqualTypeOf<ResponseMeta>();
    expectTypeOf<ModelCard['pricing']>().toEqualTypeOf<components['schemas']['Pricing'] | null>();
    expectTypeOf(new RateLimitError({ statusCode: 429, detail: 'x', requestId: null, retryAfter: 1 }).retryAfter).toEqualTypeOf<
      number | null
    >();
  });

  it('streams are typed by asChunks', () => {
    expectTypeOf(client.chatStream({ model: 'm', messages: 'hi' })).toEqualTypeOf<Stream<string>>();
    expectTypeOf(client.chatStream({ model: 'm', messages: 'hi' }, { asChunks: true })).toEqualTypeOf<Stream<StreamChunk>>();
    expectTypeOf(client.completionsStream({ model: 'm', messages: [] })).toEqualTypeOf<Stream<ChatCompletionChunk>>();
  });

  it('what the gateway takes compiles', () => {
    const fine = () => {
      client.completions({
        model: 'm',
        messages: [{ role: 'developer', content: 'be brief' }, { role: 'user', content: null }, { role: 'assistant' }],
        n: 1,
        temperature: null,
        stream_options: null,
      });
      client.chat({ model: 'm', messages: 'hi', temperature: null, max_tokens: null, seed: null, top_p: null, presence_penalty: null });
    };
    expectTypeOf(fine).toBeFunction();
  });

  it('mistakes fail to compile', () => {
    // Never called: these lines exist for the compiler.
    const mistakes = () => {
      // @ts-expect-error a wrong field name
      client.chat({ model: 'm', messages: 'hi', max_token: 5 });
      // @ts-expect-error a wrong field type
      client.chat({ model: 'm', messages: 'hi', temperature: 'hot' });
      // @ts-expect-error model is required
      client.chat({ messages: 'hi' });
      // @ts-expect-error a role the native route does not take
      client.chat({ model: 'm', messages: [{ role: 'developer', content: 'x' }] });
      // @ts-expect-error stream is the method's business
      client.chat({ model: 'm', messages: 'hi', stream: true });
      // @ts-expect-error an unknown provider
      client.setProviderKey({ provider: 'mistral', api_key: 'sk-0123456789' });
      // @ts-expect-error the wire's snake_case, not camelCase
      client.signup({ email: 'a@b.c', orgName: 'Acme' });
      // @ts-expect-error range is an enum
      client.metrics({ range: '2d' });
      // @ts-expect-error results are typed: no such field
      client.chat({ model: 'm', messages: 'hi' }).then((r) => r.text);
      // @ts-expect-error an unknown call option
      client.me({ timeoutMs: 5 });
      // @ts-expect-error an unknown client option
      new Client({ base_url: 'http://x' });
      // @ts-expect-error a role the compat route refuses with a 400
      client.completions({ model: 'm', messages: [{ role: 'tool', content: 'x' }] });
      // @ts-expect-error content parts: the compat route answers 400 "multimodal not supported"
      client.completions({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
      // @ts-expect-error n above 1: a 400 "n > 1 is not supported"
      client.completions({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 });
      // @ts-expect-error stream: null is a 422
      client.completions({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: null });
    };
    expectTypeOf(mistakes).toBeFunction();
  });
});
