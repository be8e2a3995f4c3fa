// `npm run mock -- --faithful --port N`: the mock gateway on a port, a line per request, stopped by a signal.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { MOCK_API_KEY } from '../../src/testing.js';

const root = resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

it('serves the faithful mock on the port asked for, logs each request without keys, and stops on SIGTERM', {
  timeout: 30_000,
}, async () => {
  const port = await freePort();
  const env = { ...process.env };
  delete env.OMNIGATE_API_KEY;
  const child = spawn(
    process.execPath,
    [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/mock.ts', '--faithful', '--port', String(port)],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  try {
    await expect.poll(() => out, { timeout: 20_000 }).toContain(`listening on http://127.0.0.1:${port}`);
    const base = `http://127.0.0.1:${port}`;
    const me = await fetch(`${base}/v1/me`, { headers: { 'x-api-key': MOCK_API_KEY } });
    expect(await me.json()).toMatchObject({ key_prefix: MOCK_API_KEY.slice(0, 12), configured_providers: ['openai'] });
    expect((await fetch(`${base}/v1/me`)).status).toBe(401);
    await expect
      .poll(() => out.trim().split('\n').slice(1))
      .toEqual([expect.stringMatching(/Z GET \/v1\/me 200$/), expect.stringMatching(/Z GET \/v1\/me 401$/)]);
    expect(out).not.toContain(MOCK_API_KEY);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});

it('refuses a port that is not one, with exit code 2', { timeout: 30_000 }, async () => {
  const child = spawn(
    process.execPath,
    [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/mock.ts', '--faithful', '--port', 'http'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const [code] = await once(child, 'exit');
  expect(code).toBe(2);
  expect(err).toContain('--port must be a port number (0 to 65535), not http');
});
