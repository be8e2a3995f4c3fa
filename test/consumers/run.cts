// The same app from CommonJS TypeScript: require()'s declarations (index.d.cts).
import { AuthError, Client } from 'omnigate';

(async () => {
  const client = new Client({ baseURL: process.argv[2]!, apiKey: 'llmg_consumer', retries: 0 });
  const chat = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  let text = '';
  for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'hi' })) text += piece;
  const error = await client.me().then(
    () => 'no error',
    (err: unknown) => (err instanceof AuthError ? [true, err.name, err.statusCode] : [false]),
  );
  console.log(JSON.stringify({ chat: chat.content, text, error }));
})();
