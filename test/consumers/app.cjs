// An app as users write it, from the installed tarball: CommonJS.
const { AuthError, Client } = require('omnigate');
const { createFetchClient } = require('omnigate/fetch');

(async () => {
  const client = new Client({ baseURL: process.argv[2], apiKey: 'llmg_consumer', retries: 0 });
  const chat = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  let text = '';
  for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'hi' })) text += piece;
  const error = await client.me().catch((err) => [err instanceof AuthError, err.name, err.statusCode]);
  const { data } = await createFetchClient(client).GET('/health');
  console.log(JSON.stringify({ chat: chat.content, text, error, health: data.status }));
})();
