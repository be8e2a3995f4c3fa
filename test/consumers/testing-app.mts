// omnigate/testing in a strict TypeScript app (no skipLibCheck): its types as an app's tests use them.
import { Client } from 'omnigate';
import { createMockGateway, type MockFailure, type MockGateway, type MockRequest } from 'omnigate/testing';

const gw: MockGateway = createMockGateway({ rateLimitPerMin: 5, streamPace: 0, providers: ['openai', 'anthropic'] });
const failure: MockFailure = { kind: 'streamFailure', after: 'echo:' };
gw.failNext('chat', failure);
const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, retries: 0 });
let text = '';
let error = '';
try {
  for await (const piece of client.chatStream({ model: 'claude-3-5-haiku-latest', messages: 'hi' })) text += piece;
} catch (err) {
  error = (err as Error).name;
}
const first: MockRequest | undefined = gw.requests[0];
await gw.close();
console.log(JSON.stringify({ text, error, path: first?.path }));
