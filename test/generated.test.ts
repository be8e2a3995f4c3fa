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
    for (const dir of ['openapi', 'scripts', 'generated', 'src']) await cp(join(root, dir), join(copy, dir), { recursive: true });
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
    expect(result.stderr).toMatch(/generated\/ does not match openapi\/omnigate\.yaml \(stale: operations\.ts, schema\.ts, types\.gen\.ts/);
  });

  it('fails when a generated file was edited by hand', async () => {
    await cp(join(root, 'openapi'), join(copy, 'openapi'), { recursive: true });
    await writeFile(join(copy, 'generated/schema.ts'), `${await readFile(join(root, 'generated/schema.ts'), 'utf8')}\n// edit\n`);
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stale: schema\.ts;/);
  });
});

describe('the compiler links each method to its operation', () => {
  let project: string;
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'omnigate-link-'));
    for (const dir of ['openapi', 'scripts', 'generated', 'src']) await cp(join(root, dir), join(project, dir), { recursive: true });
    await cp(join(root, 'redocly.yaml'), join(project, 'redocly.yaml'));
    await symlink(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    const config = JSON.parse(await readFile(join(root, 'tsconfig.json'), 'utf8'));
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ ...config, include: ['src', 'generated'] }));
    await writeFile(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
  });
  afterAll(() => rm(project, { recursive: true, force: true }));

  async function compile(): Promise<string> {
    try {
      await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project });
      return '';
    } catch (err) {
      return (err as { stdout: string }).stdout;
    }
  }

  it('a method whose operation changed its response no longer compiles', async () => {
    expect(await compile()).toBe('');
    const specFile = join(project, 'openapi/omnigate.yaml');
    const text = await readFile(specFile, 'utf8');
    // /v1/me's 200 now says it answers a ModelCard: me() still promises a CurrentProject.
    const at = text.indexOf('operationId: me\n');
    const changed =
      text.slice(0, at) + text.slice(at).replace('$ref: "#/components/schemas/CurrentProject"', '$ref: "#/components/schemas/ModelCard"');
    expect(changed).not.toBe(text);
    await writeFile(specFile, changed);
    await run(process.execPath, [join(project, 'scripts/generate.mjs')], { cwd: project });
    const errors = await compile();
    expect(errors).toMatch(/src\/client\.ts\(\d+,\d+\): error TS2322: Type 'APIPromise<NoInfer<\{ id: string; object: "model";/);
  });
});
