// omnigate/otel as users load it from the installed tarball, ESM, with @opentelemetry/api beside it.
import { trace } from '@opentelemetry/api';
import { Client } from 'omnigate';
import { otelHooks } from 'omnigate/otel';
import { createMockGateway } from 'omnigate/testing';

const gw = createMockGateway();
const names = [];
const tracer = trace.getTracer('consumer');
const spying = {
  ...tracer,
  startSpan: (name, ...rest) => {
    names.push(name);
    return tracer.startSpan(name, ...rest);
  },
};
const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, hooks: otelHooks({ tracer: spying }) });
const chat = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
console.log(JSON.stringify({ chat: chat.content, spans: names }));
