// The generated table is the one source per operation: every operation has a method (or is listed as deliberately
// left unwrapped), and the README's method table and the contract tests' calls cover exactly the same operations.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as adminTable from '../../generated/admin-operations.js';
import * as mainTable from '../../generated/operations.js';
import { validCalls } from '../contract/operations.js';

const root = resolve(import.meta.dirname, '../..');
/** Operations no method wraps, each with its reason. */
const UNWRAPPED: Record<string, string> = {};

/** Both tables: the client's, and the admin API's. */
const table = { ...mainTable, ...adminTable };
const operations = Object.entries(table).flatMap(([name, e]) => ('method' in e ? [{ name, ...e }] : []));
const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'src', f), 'utf8'))
  .join('\n');

describe('the operations table', () => {
  it('has an entry per operation of the document, exported under its own id', () => {
    expect(operations.length).toBeGreaterThan(10);
    for (const o of operations) expect(o.id).toBe(o.name);
    expect(new Set(operations.map((o) => o.id)).size).toBe(operations.length);
  });

  it('every operation is called by a method, or listed as left unwrapped', () => {
    const used = operations.filter((o) => new RegExp(`\\bops\\.${o.id}\\b`).test(sources)).map((o) => o.id);
    const missing = operations.map((o) => o.id).filter((id) => !used.includes(id) && !(id in UNWRAPPED));
    expect(missing).toEqual([]);
    expect(Object.keys(UNWRAPPED).filter((id) => used.includes(id))).toEqual([]);
  });

  it("the README's method table lists every wrapped operation's route, and no other", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    // Every method table: the client's, and the operators' (AdminClient).
    const section = readme
      .split('\n\n')
      .filter((block) => block.startsWith('| method '))
      .join('\n');
    const routes = [...section.matchAll(/`(GET|POST|DELETE) (\/[^`\s]*)`/g)].map((m) => `${m[1]} ${m[2]}`);
    const wrapped = operations.filter((o) => !(o.id in UNWRAPPED)).map((o) => `${o.method} ${o.path}`);
    expect([...new Set(routes)].sort()).toEqual([...new Set(wrapped)].sort());
  });

  it('the contract tests call every operation, from its examples', () => {
    expect(Object.keys(validCalls).sort()).toEqual(operations.map((o) => o.id).sort());
  });
});

describe("the README's layout", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## Adding an operation'));

  it('names every file of src/ and generated/', () => {
    for (const dir of ['src', 'generated']) {
      const files = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      for (const file of files) expect(layout, `${dir}/${file}`).toContain(`\`${file.split('/').pop()}\``);
    }
  });

  it('every module of src/ stays under 300 lines (one job each)', () => {
    const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const long = files.filter(
      (f) =>
        readFileSync(join(root, 'src', f), 'utf8')
          .trimEnd()
          .split('\n').length >= 300,
    );
    expect(long).toEqual([]);
  });

  it('names only folders that exist', () => {
    for (const [, folder] of layout.matchAll(/`([a-z-]+\/)`/g)) {
      const found = ['', 'src/', 'test/', 'openapi/'].some((base) => existsSync(join(root, base, folder!)));
      expect(found, folder).toBe(true);
    }
  });
});
