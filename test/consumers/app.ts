// An app as users write it, from the installed tarball: TypeScript, compiled with --strict and no skipLibCheck.
import { AuthError, type ChatResponse, Client, type MetricsTotals, type Usage } from 'omnigate';
import { createFetchClient } from 'omnigate/fetch';

export async function main(baseURL: string): Promise<string> {
  const client = new Client({ baseURL, apiKey: 'llmg_consumer', retries: 0 });
  const chat: ChatResponse = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  const usage: Usage = chat.usage;
  const totals: MetricsTotals | undefined = undefined;
  let text = '';
  for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'hi' })) text += piece;
  const error = await client.me().then(
    () => 'no error',
    (err: unknown) => (err instanceof AuthError ? [true, err.name, err.statusCode] : [false]),
  );
  const { data } = await createFetchClient(client).GET('/health');
  return JSON.stringify({ chat: chat.content, text, error, health: data?.status, tokens: usage.total_tokens, totals });
}
