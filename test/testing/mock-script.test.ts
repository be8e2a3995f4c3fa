// The faithful mock on a port, as `omnigate mock` (the built command) and `npm run mock -- --faithful` (the script,
// which runs the same command from the sources): its URL and public keys printed, a line per request on stderr that
// never shows a key, a key chosen through the environment never echoed, stopped by a signal.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { MOCK_ADMIN_KEY, MOCK_API_KEY } from '../../src/testing.js';
import { freePort } from '../support/server.js';

const root = resolve(import.meta.dirname, '../..');
const LAUNCHERS = {
  'omnigate mock': (port: string) => [resolve(root, 'dist/bin.js'), 'mock', '--port', port],
  'npm run mock -- --faithful': (port: string) => [
    resolve(root, 'node_modules/tsx/dist/cli.mjs'),
    'scripts/mock.ts',
    '--faithful',
    '--port',
    port,
  ],
};

function start(argv: string[], env: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, argv, {
    cwd: root,
    env: { ...process.env, OMNIGATE_API_KEY: undefined, OMNIGATE_ADMIN_KEY: undefined, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seen = { out: '', err: '' };
  child.stdout!.on('data', (d) => {
    seen.out += d;
  });
  child.stderr!.on('data', (d) => {
    seen.err += d;
  });
  return { child, seen };
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return code;
}

it.each(Object.entries(LAUNCHERS))(
  '%s: says its URL and keys, serves the port asked for, logs each request without keys, stops on SIGTERM',
  { timeout: 30_000 },
  async (_name, argv) => {
    const port = await freePort();
    const { child, seen } = start(argv(String(port)));
    const base = `http://127.0.0.1:${port}`;
    try {
      await expect.poll(() => seen.out, { timeout: 20_000 }).toContain(`export OMNIGATE_BASE_URL=${base}`);
      expect(seen.out).toMatch(new RegExp(`^url +${base}$`, 'm'));
      expect(seen.out).toMatch(new RegExp(`^gateway key +${MOCK_API_KEY}$`, 'm'));
      expect(seen.out).toMatch(new RegExp(`^admin key +${MOCK_ADMIN_KEY}$`, 'm'));
      const me = await fetch(`${base}/v1/me`, { headers: { 'x-api-key': MOCK_API_KEY } });
      expect(await me.json()).toMatchObject({ key_prefix: MOCK_API_KEY.slice(0, 12), configured_providers: ['openai'] });
      expect((await fetch(`${base}/v1/me`)).status).toBe(401);
      await expect
        .poll(() => seen.err.trim().split('\n'))
        .toEqual([expect.stringMatching(/Z GET \/v1\/me 200$/), expect.stringMatching(/Z GET \/v1\/me 401$/)]);
      expect(seen.err).not.toContain(MOCK_API_KEY);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  },
);

it('a key chosen through the environment is used and never printed', { timeout: 30_000 }, async () => {
  const chosen = 'llmg_chosen0000000000000000000000000000000000000';
  const { child, seen } = start(LAUNCHERS['omnigate mock']('0'), { OMNIGATE_API_KEY: chosen, OMNIGATE_ADMIN_KEY: 'chosen-admin' });
  try {
    await expect.poll(() => seen.out, { timeout: 20_000 }).toContain('export OMNIGATE_BASE_URL=');
    const base = /^url +(\S+)$/m.exec(seen.out)![1]!;
    expect((await fetch(`${base}/v1/me`, { headers: { 'x-api-key': chosen } })).status).toBe(200);
    expect(seen.out).toContain('the one in OMNIGATE_API_KEY');
    expect(seen.out + seen.err).not.toContain(chosen);
    expect(seen.out + seen.err).not.toContain('chosen-admin');
  } finally {
    await stop(child);
  }
});

it.each(Object.entries(LAUNCHERS))('%s refuses a port that is not one, with exit code 2', { timeout: 30_000 }, async (_name, argv) => {
  const { child, seen } = start(argv('http'));
  const [code] = await once(child, 'exit');
  expect(code).toBe(2);
  expect(seen.err).toContain('--port must be a whole number from 0 to 65535, not "http"');
});
