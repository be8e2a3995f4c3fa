// An app's test against omnigate/testing's mock, the same in every runtime: sign-up, chat, streams (one failing
// mid-way), a 429 retried after Retry-After, a 402, key revocation and metrics, with no network at all.
// `omnigate` and `testing` are the modules under test (the ESM build, or the standalone bundles in workerd).
export async function appTest(omnigate, testing) {
  const { Client, ProviderError, BudgetExceededError, AuthError } = omnigate;
  const gw = testing.createMockGateway();
  const base = { fetch: gw.fetch, baseURL: gw.url, dangerouslyAllowBrowser: true };
  const out = {};

  const account = await new Client(base).signup({ email: 'dev@example.com' });
  out.signup = [/^llmg_[\w-]{43}$/.test(account.api_key), account.message.startsWith('Save your api_key now')];

  const client = new Client({ ...base, apiKey: gw.apiKey });
  const reply = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  out.chat = [reply.content, reply.usage.total_tokens, reply.cost_usd];

  let text = '';
  for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'hello world' })) text += piece;
  out.stream = text;
  gw.failNext('chat', { kind: 'streamFailure', after: 'echo: hello' });
  let partial = '';
  try {
    for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'hello world' })) partial += piece;
    out.streamFailure = 'no error';
  } catch (err) {
    out.streamFailure = [partial, err instanceof ProviderError, err.detail];
  }

  gw.failNext('chat', { kind: 'rateLimit', retryAfter: 1 });
  const before = gw.requests.length;
  const retried = await client.chat({ model: 'gpt-4o-mini', messages: 'again' });
  out.retried = [retried.content, gw.requests.length - before];

  const key = await client.createApiKey({ name: 'ci' });
  const other = new Client({ ...base, apiKey: key.api_key, retries: 0 });
  await other.me();
  await client.revokeApiKey(key.id);
  out.revoked = await other.me().then(
    () => 'no error',
    (err) => [err instanceof AuthError, err.detail],
  );

  const m = await client.metrics({ group_by: 'status' });
  out.metrics = [m.totals.requests, m.totals.error_rate, m.breakdown.map((row) => `${row.key} ${row.requests}`)];

  const spent = testing.createMockGateway({ dailyBudget: 0.0001 });
  const budgeted = new Client({ fetch: spent.fetch, baseURL: spent.url, apiKey: spent.apiKey, dangerouslyAllowBrowser: true });
  await budgeted.chat({ model: 'gpt-4', messages: 'hi' });
  out.budget = await budgeted.chat({ model: 'gpt-4', messages: 'hi' }).then(
    () => 'no error',
    (err) => [err instanceof BudgetExceededError, err.statusCode, err.detail],
  );
  await Promise.all([gw.close(), spent.close()]);
  return out;
}

export const expectedAppTest = {
  signup: [true, true],
  chat: ['echo: hi', 13, 0.000003],
  stream: 'echo: hello world',
  streamFailure: ['echo: hello', true, 'OpenAI error 500: {"error":"upstream broke"}'],
  retried: ['echo: again', 2],
  revoked: [true, 'Invalid API key'],
  metrics: [4, 0.25, ['ok 3', 'error 1']],
  budget: [true, 402, 'Project daily budget exceeded'],
};
