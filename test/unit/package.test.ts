import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';

it('VERSION is package.json version (it goes into user-agent)', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});

// What `npm run release` would publish, checked without publishing: npm's own dry run over the built package (npm test
// builds dist/ before the tests). npm silently drops a package.json field it has to "correct" (it once dropped the bin).
it('npm publish --dry-run: nothing corrected, and the tarball holds every entry point, the bin and the document', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = spawnSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/auto-corrected|invalid and removed/);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files: string[] = JSON.parse(run.stdout).omnigate.files.map((f: { path: string }) => f.path);
  const targets = [
    ...Object.values(pkg.bin as Record<string, string>),
    pkg.main,
    pkg.types,
    ...JSON.stringify(pkg.exports)
      .match(/"\.\/dist\/[^"]+"/g)!
      .map((t) => JSON.parse(t) as string),
    ...Object.values(pkg.typesVersions['*'] as Record<string, string[]>).flat(),
  ].map((t) => t.replace(/^\.\//, ''));
  expect(targets.filter((t) => !files.includes(t))).toEqual([]);
  expect(files.filter((f) => /^(src|test|scripts)\//.test(f))).toEqual([]);
});
