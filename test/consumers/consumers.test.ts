// The package as its users get it: `npm pack`, the tarball installed into scratch apps, each making a chat, a stream,
// a classified error and an omnigate/fetch call against a loopback stand-in. ESM and CommonJS apps; TypeScript apps
// compiled with --strict and no skipLibCheck under node16, nodenext and bundler, then run; a browser bundle in Chromium.
// The apps in this folder are compiled here, against the installed tarball (the project's tsconfig excludes them).
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inChromium } from '../support/chromium.js';
import { chatAnswer, json, startServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const here = import.meta.dirname;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const expected = { chat: 'Salut !', text: 'Hello, world', error: [true, 'AuthError', 401], health: 'ok' };

let app: string;
let server: TestServer;
let page = '';

beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'omnigate-consumer-'));
  // npm test builds dist/ (and the bundled document) before the tests; packing runs no script, so that no clean rebuild
  // empties dist/ while other test files read it. test/unit/package.test.ts checks what publishing would pack.
  const { stdout } = await run('npm', ['pack', '--pack-destination', app, '--silent', '--ignore-scripts'], {
    cwd: root,
    maxBuffer: 2 ** 24,
  });
  const tarball = join(app, stdout.trim().split('\n').at(-1)!);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // omnigate/ai's peers, at the versions the project develops against. The AI SDK's declarations import
  // `json-schema` without depending on its types: an app that checks libraries (no skipLibCheck) adds them itself.
  const dev = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).devDependencies;
  const peers = [
    ...['ai', '@ai-sdk/provider', '@opentelemetry/api', '@modelcontextprotocol/sdk'].map((name) => `${name}@${dev[name]}`),
    '@types/json-schema@7.0.15',
  ];
  await run('npm', ['install', tarball, ...peers, '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: app });
  for (const file of await readdir(here))
    if (/^(app|run|node|page|ai|testing|otel|nest|mcp)[.-]/.test(file)) await copyFile(join(here, file), join(app, file));
  server = await startServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (path === '/v1/chat' && req.headers.accept === 'text/plain') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Hello, world');
    }
    if (path === '/v1/chat' && req.headers['x-api-key'] === 'llmg_bad') return json(res, 401, { detail: 'Invalid API key' });
    if (path === '/v1/chat') return json(res, 200, chatAnswer);
    if (path === '/health') return json(res, 200, { status: 'ok', version: '0.2.0' });
    json(res, 401, { detail: 'Invalid API key' });
  });
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (app) await rm(app, { recursive: true, force: true });
});

const node = async (file: string) => JSON.parse((await run(process.execPath, [join(app, file), server.url], { cwd: app })).stdout);

/** Compiles `files` with --strict and no skipLibCheck (Node's types unless `types` says otherwise) into out-NAME. */
async function compile(name: string, files: string[], options: Record<string, unknown>): Promise<void> {
  const compilerOptions = {
    strict: true,
    skipLibCheck: false,
    target: 'es2022',
    lib: ['es2022'],
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    outDir: `out-${name}`,
    ...options,
  };
  await writeFile(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files }));
  await run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: app }).catch((err) => {
    throw new Error(`tsc (${name}) failed:\n${err.stdout}`);
  });
}

describe('the packed package, installed', () => {
  it('an ESM app (.mjs)', async () => {
    expect(await node('node.mjs')).toEqual(expected);
  });

  it('a CommonJS app (.cjs): require() works and so does the client', async () => {
    expect(await node('app.cjs')).toEqual(expected);
  });

  it.each([
    ['node16', 'node16', 'node16', 'run.mjs'],
    ['nodenext', 'nodenext', 'nodenext', 'run.mjs'],
    ['bundler', 'esnext', 'bundler', 'run.mjs'],
  ])('a TypeScript app, --strict without skipLibCheck, module %s', async (name, module, moduleResolution, entry) => {
    await compile(name, ['app.ts', 'run.mts'], { module, moduleResolution });
    expect(await node(`out-${name}/${entry}`)).toEqual({ ...expected, tokens: 15 });
  });

  it('a CommonJS TypeScript app (.cts under node16) type-checks against the CommonJS declarations', async () => {
    await compile('cts', ['run.cts'], { module: 'node16', moduleResolution: 'node16' });
    const { health: _, ...rest } = expected;
    expect(await node('out-cts/run.cjs')).toEqual(rest);
  });

  it('a NestJS-style app (module commonjs, no moduleResolution: node10), strict, importing every subpath', async () => {
    await compile('node10', ['nest-app.ts'], { module: 'commonjs', lib: ['es2022', 'dom'] });
    // The scratch app is "type": "module"; a NestJS app is CommonJS.
    await writeFile(join(app, 'out-node10/package.json'), '{ "type": "commonjs" }');
    expect(await node('out-node10/nest-app.js')).toEqual({
      chat: 'echo: hi',
      project: 'Default',
      ai: 'function',
      failed: true,
      admin: 'function',
    });
  });

  it.each(['ai.mjs', 'ai.cjs'])(
    'omnigate/ai from %s with the AI SDK: one Client class across entry points, errors as APICallError',
    async (file) => {
      expect(await node(file)).toEqual({ text: 'Salut !', provider: 'openai', failed: [true, 401, true] });
    },
  );

  it('omnigate/ai in a strict TypeScript app (nodenext, no skipLibCheck), compiled and run', async () => {
    await compile('ai', ['ai-app.mts'], { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'] });
    expect(await node('out-ai/ai-app.mjs')).toEqual({ text: 'Salut !', provider: 'openai' });
  });

  it.each(['testing.mjs', 'testing.cjs'])('omnigate/testing from %s: the mock in memory and on a port', async (file) => {
    expect(await node(file)).toEqual({ chat: 'echo: hi', limited: [true, 3], health: 'ok' });
  });

  it('omnigate/testing in a strict TypeScript app (nodenext, no skipLibCheck, no Node types), compiled and run', async () => {
    await compile('testing', ['testing-app.mts'], { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] });
    expect(await node('out-testing/testing-app.mjs')).toEqual({ text: 'echo:', error: 'ProviderError', path: '/v1/chat' });
  });

  it.each(['otel.mjs', 'otel.cjs'])('omnigate/otel from %s, with @opentelemetry/api beside it', async (file) => {
    expect(await node(file)).toEqual({ chat: 'echo: hi', spans: ['chat gpt-4o-mini'] });
  });

  it('omnigate/mcp from an ESM app, with the MCP SDK beside it: tools listed, one answered', async () => {
    expect(await node('mcp.mjs')).toEqual({ tools: true, health: 'ok' });
  });

  it('the `omnigate` command, linked by npm from the tarball’s bin, runs', async () => {
    const bin = join(app, 'node_modules/.bin/omnigate');
    const { stdout } = await run(bin, ['--version'], { cwd: app });
    expect(stdout.trim()).toBe(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).version);
    const health = await run(bin, ['health', '--json'], { cwd: app, env: { ...process.env, OMNIGATE_BASE_URL: server.url } });
    expect(JSON.parse(health.stdout)).toEqual({ status: 'ok', version: '0.2.0' });
  });

  it('a browser bundle made by esbuild, in Chromium', { timeout: 60_000 }, async () => {
    const bundle = await build({
      entryPoints: [join(app, 'page.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    page = `<!doctype html><html><body><script type="module">${bundle.outputFiles[0]!.text.replace(/<\/script/g, '<\\/script')}</script></body></html>`;
    expect(await inChromium(`${server.url}/`)).toEqual(expected);
  });
});
