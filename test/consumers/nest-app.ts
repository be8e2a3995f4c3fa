// A NestJS-style app: `module: commonjs` and no `moduleResolution` (so TypeScript's node10), strict, libraries
// checked. It imports every subpath, so each one's declarations must be found without `exports` (typesVersions).
import { AdminClient, Client, type ClientOptions, ProviderError } from 'omnigate';
import { createOmnigate, type OmnigateProvider } from 'omnigate/ai';
import { createFetchClient, type FetchClient } from 'omnigate/fetch';
import { otelHooks } from 'omnigate/otel';
import { createMockGateway, MOCK_API_KEY } from 'omnigate/testing';

async function main(): Promise<void> {
  const gateway = createMockGateway({ apiKey: MOCK_API_KEY });
  const options: ClientOptions = { baseURL: gateway.url, apiKey: MOCK_API_KEY, fetch: gateway.fetch, hooks: otelHooks() };
  const client = new Client(options);
  const chat = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  const raw: FetchClient = createFetchClient(client);
  const me = await raw.GET('/v1/me');
  const provider: OmnigateProvider = createOmnigate(client);
  const failed = await client.chat({ model: 'gpt-4o-mini', messages: 'fail:502' }).catch((err: unknown) => err instanceof ProviderError);
  const admin = typeof AdminClient;
  console.log(JSON.stringify({ chat: chat.content, project: me.data?.project_name, ai: typeof provider.languageModel, failed, admin }));
  await gateway.close();
}

main();
