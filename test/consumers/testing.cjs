// omnigate/testing as an app's tests load it from the installed tarball, CommonJS.
const { Client, RateLimitError } = require('omnigate');
const { createMockGateway, MOCK_API_KEY } = require('omnigate/testing');

(async () => {
  const gw = createMockGateway({ apiKey: MOCK_API_KEY });
  const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, retries: 0 });
  const chat = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  gw.failNext('chat', { kind: 'rateLimit', retryAfter: 3 });
  const limited = await client
    .chat({ model: 'gpt-4o-mini', messages: 'hi' })
    .catch((err) => [err instanceof RateLimitError, err.retryAfter]);
  const url = await gw.listen();
  const health = await (await fetch(`${url}/health`)).json();
  await gw.close();
  console.log(JSON.stringify({ chat: chat.content, limited, health: health.status }));
})();
