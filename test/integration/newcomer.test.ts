// A new user's first mistakes, against the faithful mock: each ends in an error that says what to do, while `detail`
// keeps the gateway's own words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APIError, AuthError, Client, ProviderError, UnknownModelError } from '../../src/index.js';
import { createMockGateway, type MockGateway } from '../../src/testing.js';

let gw: MockGateway;
afterEach(async () => {
  vi.unstubAllEnvs();
  await gw?.close();
});
const hi = (model: string) => ({ model, messages: 'hi' });

async function failure(call: Promise<unknown>): Promise<APIError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(APIError);
  return err as APIError;
}

describe('a new user’s mistakes end in a message that says what to do', () => {
  it('no key at all: the 401 names apiKey and OMNIGATE_API_KEY', async () => {
    vi.stubEnv('OMNIGATE_API_KEY', '');
    gw = createMockGateway();
    const err = await failure(new Client({ baseURL: gw.url, fetch: gw.fetch }).me());
    expect(err).toBeInstanceOf(AuthError);
    expect(err.detail).toBe('Missing x-api-key header (or Authorization: Bearer token)');
    expect(err.message).toMatch(/^GET \/v1\/me: 401 Missing x-api-key header .*\. Pass apiKey, or set OMNIGATE_API_KEY$/);
    expect(err.hint).toBe('Pass apiKey, or set OMNIGATE_API_KEY');
  });

  it('a wrong key: no hint about giving one', async () => {
    gw = createMockGateway();
    const err = await failure(new Client({ baseURL: gw.url, fetch: gw.fetch, apiKey: 'llmg_wrong' }).me());
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).not.toMatch(/OMNIGATE_API_KEY/);
    expect(err.hint).toBeUndefined();
  });

  it('a baseURL with a wrong path: the message shows the path as sent, the error the URL', async () => {
    gw = createMockGateway();
    const client = new Client({ baseURL: `${gw.url}/api`, fetch: gw.fetch, apiKey: gw.apiKey });
    const err = await failure(client.chat(hi('gpt-4o-mini')));
    expect(err.statusCode).toBe(404);
    expect(err.message).toMatch(/^POST \/api\/v1\/chat: 404 /);
    expect(err).toMatchObject({ method: 'POST', url: `${gw.url}/api/v1/chat` });
  });

  it('a typo in a model name is an UnknownModelError naming the model, not a ProviderError', async () => {
    gw = createMockGateway();
    const client = new Client({ baseURL: gw.url, fetch: gw.fetch, apiKey: gw.apiKey });
    for (const call of [
      client.chat(hi('foo-model')),
      client.completions({ model: 'foo-model', messages: [{ role: 'user', content: 'hi' }] }),
    ]) {
      const err = await failure(call);
      expect(err).toBeInstanceOf(UnknownModelError);
      expect(err).not.toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ statusCode: 400, model: 'foo-model', detail: "No provider registered for model 'foo-model'" });
      expect(err.message).toContain("400 No provider registered for model 'foo-model'");
    }
    const card = await failure(client.model('gpt-9'));
    expect(card).toBeInstanceOf(UnknownModelError);
    expect(card).toMatchObject({ statusCode: 404, model: 'gpt-9' });
  });

  it('a provider without a stored key: the message says setProviderKey(), the detail keeps the gateway’s route', async () => {
    gw = createMockGateway();
    const client = new Client({ baseURL: gw.url, fetch: gw.fetch, apiKey: gw.apiKey });
    const err = await failure(client.chat(hi('claude-3-5-sonnet-latest')));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.detail).toBe('No anthropic key configured for this project. Add one via POST /v1/keys.');
    expect(err.message).toMatch(
      /No anthropic key configured for this project\. Add one via POST \/v1\/keys\. \(request \w+\)\. Use client\.setProviderKey\(\)$/,
    );
  });
});
