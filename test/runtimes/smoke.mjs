// The same smoke in every runtime: a chat, a stream that fails mid-way, a 429 then success, classified errors.
// `omnigate` is the module under test (the ESM build, or the standalone bundle in workerd).
export async function smoke(omnigate, baseURL) {
  const { Client, ProviderError, AuthError, RateLimitError, InvalidArgumentError, RedirectError, Stream, AbortError } = omnigate;
  const run = Math.random().toString(36).slice(2);
  const options = {
    baseURL,
    apiKey: 'llmg_smoke_key',
    retryConfig: { backoffBase: 1, backoffMax: 5 },
    headers: { 'x-smoke-run': run },
    dangerouslyAllowBrowser: true,
  };
  const client = new Client(options);
  const out = {};

  const chat = await client.chat({ model: 'gpt-4o-mini', messages: 'hi' });
  out.chat = [chat.content, chat.usage.total_tokens];

  let text = '';
  try {
    for await (const piece of client.chatStream({ model: 'gpt-4o-mini', messages: 'stream' })) text += piece;
    out.stream = [text, 'no error'];
  } catch (err) {
    out.stream = [text, err.name, err instanceof ProviderError, err.detail, err.requestId];
  }

  // Streams passed on: two readers of one upstream; NDJSON out and back in, typed error included; abort().
  const drain = async (stream) => {
    let joined = '';
    try {
      for await (const piece of stream) joined += piece;
      return [joined, 'no error'];
    } catch (err) {
      return [joined, err.name];
    }
  };
  out.tee = await Promise.all(client.chatStream({ model: 'gpt-4o-mini', messages: 'stream' }).tee().map(drain));
  const revived = Stream.fromReadableStream(client.chatStream({ model: 'gpt-4o-mini', messages: 'stream' }).toReadableStream());
  const [joined] = await drain(revived);
  const again = Stream.fromResponse(client.chatStream({ model: 'gpt-4o-mini', messages: 'stream' }).toResponse());
  const error = await again.text().catch((err) => err);
  out.ndjson = [joined, error.name, error instanceof ProviderError, error.statusCode, error.detail, error.requestId];
  const endless = client.chatStream({ model: 'endless', messages: 'stream' });
  await endless.next();
  endless.abort();
  const aborted = await endless.next().catch((err) => err);
  out.abort = [aborted.name, aborted instanceof AbortError];

  const { data, meta } = await client.me().withResponse();
  out.rateLimitedThenOk = [data.project_name, meta.requestId];

  try {
    await client.models();
    out.providerError = 'no error';
  } catch (err) {
    out.providerError = [err.name, err instanceof ProviderError, err.statusCode, err.detail];
  }
  try {
    await client.listApiKeys();
    out.authError = 'no error';
  } catch (err) {
    out.authError = [err.name, err instanceof AuthError, err.statusCode];
  }
  try {
    await client.metrics({}, { retries: 0 });
    out.rateLimit = 'no error';
  } catch (err) {
    out.rateLimit = [err.name, err instanceof RateLimitError, err.retryAfter];
  }
  // The stand-in redirects /version/ to itself (same origin) and /v1/models/* to 127.0.0.1:1 (another origin).
  const redirected = async (call) => {
    try {
      const value = await call();
      return ['followed', value.name ?? value.id];
    } catch (err) {
      return [err.name, err instanceof RedirectError, err.statusCode, err.target];
    }
  };
  out.redirects = [await redirected(() => client.model('gpt-4o-mini')), await redirected(() => client.version())];
  if (typeof document !== 'undefined') {
    try {
      new Client({ baseURL, apiKey: 'llmg_smoke_key' });
      out.browserGuard = 'no error';
    } catch (err) {
      out.browserGuard = [err instanceof InvalidArgumentError, err.field];
    }
  }
  return out;
}

export const expected = {
  chat: ['Salut !', 15],
  stream: ['Hello, wor', 'ProviderError', true, 'OpenAI error 500: boom', 'smoke-stream'],
  rateLimitedThenOk: ['prod', 'smoke-me'],
  providerError: ['ProviderError', true, 401, 'OpenAI error 401: bad key'],
  authError: ['AuthError', true, 401],
  rateLimit: ['RateLimitError', true, 7],
  redirects: [
    ['RedirectError', true, 307, 'http://127.0.0.1:1'],
    ['followed', 'omnigate'],
  ],
  tee: [
    ['Hello, wor', 'ProviderError'],
    ['Hello, wor', 'ProviderError'],
  ],
  ndjson: ['Hello, wor', 'ProviderError', true, 502, 'OpenAI error 500: boom', 'smoke-stream'],
  abort: ['AbortError', true],
};

/** A page cannot see where a redirect points, so the client refuses every one there, rather than follow it blind. */
export const expectedInBrowsers = {
  redirects: [
    ['RedirectError', true, 0, null],
    ['RedirectError', true, 0, null],
  ],
};
