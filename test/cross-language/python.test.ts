// The Python client (omnigate 0.1.0 from PyPI) against the same rules: the conformance vectors through its
// own helpers, and each of its methods against the Prism mock. `npm test` sets up .venv first (scripts/setup-tests.mjs).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { documentedExamples } from '../support/spec.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const python = join(root, '.venv/bin/python');
const conformance = join(root, 'openapi/conformance');

async function py(script: string, arg: string) {
  if (!existsSync(python)) throw new Error('.venv is missing: run `npm run setup:tests` first');
  const { stdout } = await run(python, [join(root, 'test/cross-language', script), arg], { cwd: root, timeout: 60_000 });
  return JSON.parse(stdout);
}

describe('the conformance vectors through the Python client', () => {
  it('disagrees exactly where openapi/conformance/python-differences.json says, and nowhere else', { timeout: 60_000 }, async () => {
    const report = await py('run_vectors.py', conformance);
    const recorded = JSON.parse(readFileSync(join(conformance, 'python-differences.json'), 'utf8'));
    const actual = Object.entries(report)
      .filter(([file]) => file !== 'not_implemented')
      .flatMap(([file, disagreements]) => Object.keys(disagreements as object).map((reason) => `${file}: ${reason}`))
      .sort();
    const listed = recorded.vectors.map((v: { file: string; reason: string }) => `${v.file}: ${v.reason}`).sort();
    expect(actual).toEqual(listed);
    expect(report.not_implemented).toEqual(recorded.notImplemented);
  });

  it('every recorded difference has a topic with its reason, and the README table lists every topic', () => {
    const recorded = JSON.parse(readFileSync(join(conformance, 'python-differences.json'), 'utf8'));
    const readme = readFileSync(join(conformance, 'README.md'), 'utf8');
    for (const v of recorded.vectors) expect(recorded.topics[v.topic], v.reason).toBeTypeOf('string');
    for (const topic of Object.keys(recorded.topics)) expect(readme).toContain(`| \`${topic}\` |`);
  });
});

describe('the Python client against the Prism mock', () => {
  it('calls every method with requests Prism accepts, and parses every example', { timeout: 60_000 }, async () => {
    const { results, violations } = await py('prism_client.py', inject('prismUrl'));
    expect(violations).toEqual([]);
    const example = (operationId: string, mediaType = 'application/json') =>
      documentedExamples().find(
        (e) => e.operationId === operationId && /^2/.test(e.status) && e.mediaType === mediaType && e.name !== 'failed',
      )?.value as Record<string, unknown>;
    expect(results).toEqual({
      signup: { ok: example('signup').org_id },
      me: { ok: example('me').project_name },
      set_provider_key: { ok: null },
      create_api_key: { ok: example('createApiKey').key_prefix },
      chat: { ok: example('chat').content },
      chat_stream: { ok: example('chat', 'text/plain') },
      completions: { ok: 'chat.completion' },
      models: { ok: (example('listModels').data as Array<{ id: string }>).map((m) => m.id) },
      metrics: { ok: (example('metrics').totals as { requests: number }).requests },
      health: { ok: 'ok' },
    });
  });
});
