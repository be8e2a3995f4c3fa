// omnigate/otel as users load it from the installed tarball, CommonJS, with @opentelemetry/api beside it.
const { trace } = require('@opentelemetry/api');
const { Client } = require('omnigate');
const { otelHooks } = require('omnigate/otel');
const { createMockGateway } = require('omnigate/testing');

(async () => {
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
})();
