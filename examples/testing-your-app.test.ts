// An app's own tests against the mock gateway: no network, no real key.
import { BudgetExceededError, Client, ProviderError } from 'omnigate';
import { createMockGateway, type MockGateway } from 'omnigate/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';

// The app's code under test (in an app, imported from its own module).
async function summarise(client: Client, text: string): Promise<string> {
  const reply = await client.chat({ model: 'gpt-4o-mini', messages: `Summarise: ${text}` });
  return reply.content;
}

let gw: MockGateway;
let client: Client;
beforeEach(() => {
  gw = createMockGateway({ dailyBudget: 0.01 });
  client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey });
});
afterEach(() => gw.close());

it('sends the text to summarise', async () => {
  expect(await summarise(client, 'a long story')).toBe('echo: Summarise: a long story');
  expect(gw.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini' });
});

it('retries a 429 after its Retry-After', async () => {
  gw.failNext('chat', { kind: 'rateLimit', retryAfter: 1 });
  expect(await summarise(client, 'x')).toBe('echo: Summarise: x');
  expect(gw.requests).toHaveLength(2);
});

it('keeps the text a stream sent before it failed', async () => {
  gw.failNext('chat', { kind: 'streamFailure', after: 'Once upon' });
  let text = '';
  await expect(async () => {
    for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'a story' })) text += piece;
  }).rejects.toThrow(ProviderError);
  expect(text).toBe('Once upon');
});

it('stops at the budget', async () => {
  await gw.close();
  gw = createMockGateway({ dailyBudget: 0.0001 });
  client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey });
  await client.chat({ model: 'gpt-4', messages: 'hi' }); // $0.00048: the day's budget is spent
  await expect(summarise(client, 'x')).rejects.toThrow(BudgetExceededError);
});
