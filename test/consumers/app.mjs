// An app as users write it, from the installed tarball: ESM. Run under Node (node.mjs) and in a browser (page.mjs).
import { AuthError, Client } from 'omnigate';
import { createFetchClient } from 'omnigate/fetch';

export async function main(baseURL) {
  const client = new Client({ baseURL, apiKey: 'llmg_consumer', retries: 0, dangerouslyAllowBrowser: true });
  const chat = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  let text = '';
  for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'hi' })) text += piece;
  const error = await client.me().catch((err) => [err instanceof AuthError, err.name, err.statusCode]);
  const { data } = await createFetchClient(client).GET('/health');
  return { chat: chat.content, text, error, health: data.status };
}
