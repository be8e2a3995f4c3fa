// The built API reference (`npm run docs` writes docs/api before the tests) as a reader opens it, in headless
// Chromium: every page reached from the index, every internal link resolving to a page (and an anchor on it), no
// console error; modules named by their import paths, each page opening with its import line; the document's
// generated internals out of it.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';

const site = resolve(import.meta.dirname, '../../docs/api');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
let server: Server;
/** What the pages asked for that is not there: each a broken link. */
const missing: string[] = [];
let base: string;

beforeAll(async () => {
  if (!existsSync(join(site, 'index.html'))) throw new Error('docs/api is missing: run `npm run docs` first');
  server = createServer((req, res) => {
    // The browser asks for a favicon on its own; the site has none, as most static hosts would answer.
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    const file = join(site, path || 'index.html');
    if (!file.startsWith(site) || !existsSync(file)) {
      missing.push(req.url ?? '');
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

describe('the API reference in a browser', () => {
  it('every internal link resolves, every page loads without a console error', { timeout: 180_000 }, async () => {
    const browser = await launchChromium();
    const problems: string[] = [];
    const seen = new Set<string>();
    const queue = [`${base}index.html`];
    const anchors = new Map<string, string[]>();
    try {
      const tab = await browser.newPage();
      tab.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error on ${tab.url()}: ${m.text()}`);
      });
      tab.on('pageerror', (e) => problems.push(`page error on ${tab.url()}: ${e}`));
      while (queue.length) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const response = await tab.goto(url);
        if (response?.status() !== 200) {
          problems.push(`${url}: ${response?.status()}`);
          continue;
        }
        // The navigation is built by script: wait for it, then read every link the reader could follow.
        await tab.waitForSelector('.tsd-navigation a', { timeout: 10_000 });
        const { links, ids } = await tab.evaluate(() => ({
          links: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
          ids: [...document.querySelectorAll('[id], a[name]')].map((e) => e.id || (e as HTMLAnchorElement).name),
        }));
        anchors.set(url, ids);
        for (const link of links) {
          if (!link.startsWith(base)) continue;
          const [page, hash] = link.split('#') as [string, string | undefined];
          if (hash) anchors.set(`${page}#${hash}`, []);
          if (!seen.has(page)) queue.push(page);
        }
      }
    } finally {
      await browser.close();
    }
    for (const key of anchors.keys()) {
      if (!key.includes('#')) continue;
      const [page, hash] = key.split('#') as [string, string];
      const ids = anchors.get(page);
      if (ids && hash && !ids.includes(decodeURIComponent(hash))) problems.push(`${key}: no such anchor`);
    }
    expect(missing).toEqual([]);
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(50);
  });

  it('names each module by its import path, and each module page opens with its import line', () => {
    const modules = ['omnigate', 'omnigate/ai', 'omnigate/otel', 'omnigate/testing', 'omnigate/fetch', 'omnigate/mcp'];
    for (const name of modules) {
      const page = readFileSync(join(site, 'modules', `${name.replace('/', '_')}.html`), 'utf8');
      expect(page, name).toContain(`<h1>Module ${name}</h1>`);
      const importLine = /<code class="ts">([\s\S]*?)<\/code>/.exec(page)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
      expect(importLine, name).toMatch(new RegExp(`^import .* from &#39;${name}&#39;;?\\s*$|^import .* from '${name}';?\\s*$`));
    }
  });

  it('leaves the generated schema internals (paths, components, operations) out, and shows the title once', () => {
    for (const name of ['paths', 'components', 'operations'])
      expect(existsSync(join(site, 'interfaces', `omnigate.${name}.html`)), name).toBe(false);
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    expect(index.match(/<h1[^>]*>/g) ?? []).toHaveLength(1);
  });
});
