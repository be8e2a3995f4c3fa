// The README's command-line walkthrough, run exactly as written: each `$` line of its block, in one bash session,
// against the faithful mock with the environment `omnigate mock` tells the reader to export; what each command prints
// (stderr as a terminal shows it) must be what the README shows, ids, times, latencies and key prefixes aside.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMockGateway, MOCK_ADMIN_KEY, MOCK_API_KEY, type MockGateway } from '../../src/testing.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Command line: `omnigate`'));
const block = /```console\n([\s\S]*?)```/.exec(section)![1]!;

/** The block as steps: each `$` command with the lines the README shows after it. */
const steps = block
  .split(/^\$ /m)
  .slice(1)
  .map((step) => {
    const [command, ...shown] = step.trimEnd().split('\n');
    return { command: command!, shown: shown.join('\n') };
  });

/** What varies from run to run. */
const normal = (text: string) =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, '<minute>')
    .replace(/\(request [0-9a-f]{32}\)/g, '(request <id>)')
    .replace(/llmg_[\w-]{7}…/g, 'llmg_<prefix>…')
    .replace(/\d+ ms/g, '<n> ms')
    .trimEnd();

let gw: MockGateway;
let url: string;
beforeAll(async () => {
  gw = createMockGateway();
  url = await gw.listen();
});
afterAll(() => gw?.close());

it('has the walkthrough: commands through npx, their output shown', () => {
  expect(steps.map((s) => s.command.split(' ')[0])).toContain('npx');
  expect(steps.length).toBeGreaterThanOrEqual(6);
});

it('the README walkthrough runs as written and prints what the README shows', { timeout: 120_000 }, async () => {
  const marker = '@@omnigate-readme-step@@';
  const script = steps.map((s) => `echo ${marker}\n${s.command}`).join('\n');
  const { stdout } = await promisify(execFile)('bash', ['-c', `exec 2>&1\n${script}`], {
    cwd: root,
    // What `omnigate mock` prints to export, and the PATH a shell has (node, npx, jq).
    env: {
      PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
      HOME: process.env.HOME,
      OMNIGATE_BASE_URL: url,
      OMNIGATE_API_KEY: MOCK_API_KEY,
      OMNIGATE_ADMIN_KEY: MOCK_ADMIN_KEY,
    },
  });
  const printed = stdout.split(`${marker}\n`).slice(1);
  expect(printed).toHaveLength(steps.length);
  for (const [i, step] of steps.entries()) expect(normal(printed[i]!), step.command).toBe(normal(step.shown));
});

it('the Fresh clone table’s command-line row runs in the clone: `npx omnigate --help`', async () => {
  const row = readme.split('\n').find((line) => line.startsWith('| the command line, built by `npm ci`'))!;
  const command = /`(npx omnigate[^`]*)`/.exec(row)![1]!;
  const { stdout } = await promisify(execFile)('bash', ['-c', command], {
    cwd: root,
    env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, HOME: process.env.HOME },
  });
  expect(stdout).toMatch(/^omnigate \d+\.\d+\.\d+: the OmniGate gateway from a terminal\n/);
  expect(stdout).toContain('omnigate mock [--port N]');
});
