// generated/ must match openapi/omnigate.yaml: the check in the test command fails when it does not.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
let copy: string;

async function check(): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [join(copy, 'scripts/generate.mjs'), '--check'], { cwd: copy });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('the generated-files check', () => {
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'omnigate-stale-'));
    for (const dir of ['openapi', 'scripts', 'generated']) await cp(join(root, dir), join(copy, dir), { recursive: true });
    await cp(join(root, 'redocly.yaml'), join(copy, 'redocly.yaml'));
    await symlink(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => rm(copy, { recursive: true, force: true }));

  it('passes on the committed tree', async () => {
    expect(await check()).toEqual({ code: 0, stderr: '' });
  });

  it('fails when the document changed without regenerating', async () => {
    const specFile = join(copy, 'openapi/omnigate.yaml');
    const text = await readFile(specFile, 'utf8');
    const changed = text.replace(
      '        latency_ms: { type: integer }\n',
      '        latency_ms: { type: integer }\n        region: { type: string }\n',
    );
    expect(changed).not.toBe(text);
    await writeFile(specFile, changed);
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/generated\/ does not match openapi\/omnigate\.yaml \(stale: schema\.ts, schemas\.gen\.ts/);
  });

  it('fails when a generated file was edited by hand', async () => {
    await cp(join(root, 'openapi'), join(copy, 'openapi'), { recursive: true });
    await writeFile(join(copy, 'generated/schema.ts'), `${await readFile(join(root, 'generated/schema.ts'), 'utf8')}\n// edit\n`);
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stale: schema\.ts;/);
  });
});
