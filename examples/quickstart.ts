// The README's quick start: the Python client's quick start, in TypeScript. `npm run demo` runs it against Prism.
import { BudgetExceededError, Client, RateLimitError } from 'omnigate';

export async function quickstart(baseURL: string, print: (...args: unknown[]) => void = console.log): Promise<void> {
  // A public client (no key) just for signup:
  const anon = new Client({ baseURL });
  const acct = await anon.signup({ email: 'dev@acme.dev', org_name: 'Acme', project_name: 'prod' });
  print('signup        ->', { org_id: acct.org_id, project_id: acct.project_id, key_prefix: acct.api_key.slice(0, 12) });

  await using client = new Client({ apiKey: acct.api_key, baseURL, userId: 'u-42' });

  // Bring your own key: stored encrypted by the gateway (POST /v1/keys -> 204).
  print('setProviderKey->', await client.setProviderKey({ provider: 'openai', api_key: 'sk-proj-0123456789abcdef' }));

  const resp = await client.chat({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hi in French' }],
  });
  print('chat          ->', resp.content, resp.usage.total_tokens, resp.cost_usd);

  // `messages` may be a bare string; `.withResponse()` adds the gateway's headers, typed.
  const { meta } = await client.chat({ model: 'gpt-4o-mini', messages: 'Just a quick question' }).withResponse();
  print('chat meta     ->', { requestId: meta.requestId, provider: meta.provider, rateLimit: meta.rateLimit });

  // Streaming: plain text pieces as they arrive.
  let text = '';
  for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'Stream me a haiku' })) text += piece;
  print('chatStream    ->', JSON.stringify(text));

  for await (const chunk of client.chatStream({ model: 'gpt-4o-mini', messages: 'hi' }, { asChunks: true })) {
    print('chunk         ->', chunk.text.length, 'chars, request', chunk.requestId);
    break; // leaving early closes the connection
  }

  const completion = await client.completions({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
  print('completions   ->', completion.choices[0]?.message.content);

  for (const m of await client.models()) {
    print('model         ->', m.id, m.owned_by, m.pricing ? m.pricing.input_per_1k_usd : '(unpriced)');
  }

  const mx = await client.metrics({ range: '7d', group_by: 'provider' });
  print('metrics       ->', mx.totals.requests, mx.totals.cost_usd, mx.totals.p95_latency_ms);

  const key = await client.createApiKey({ name: 'ci' });
  print('createApiKey  ->', key.id, key.key_prefix);
  print(
    'listApiKeys   ->',
    (await client.listApiKeys()).map((k) => k.name),
  );
  print('me            ->', (await client.me()).project_name);
  print('health        ->', await client.health());

  try {
    await client.chat({ model: 'gpt-4o-mini', messages: 'hi' }, { headers: { Prefer: 'code=429' }, retries: 0 });
  } catch (err) {
    if (err instanceof RateLimitError) print('rate limited  ->', 'retry after', err.retryAfter, 's');
    else if (err instanceof BudgetExceededError) print('budget        ->', err.detail);
    else throw err;
  }
}
