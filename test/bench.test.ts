// The benchmark still works: every scenario under Node 20 and Node 22, a few iterations, no thresholds
// (`npm run bench` is the real run).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');

it('bench/report.mjs --quick runs every scenario under both Nodes and writes the report', { timeout: 420_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'omnigate-bench-'));
  try {
    const out = join(dir, 'RESULTS.md');
    await run(process.execPath, [join(root, 'bench/report.mjs'), '--quick', '--out', out], { cwd: root, timeout: 410_000 });
    const report = await readFile(out, 'utf8');
    expect(report.match(/^## Node v(20|22)\./gm)).toEqual([expect.stringContaining('v20.'), expect.stringContaining('v22.')]);
    for (const scenario of [
      'sequential chats (per call)',
      'client CPU per call',
      '32 concurrent callers',
      'MB stream in 1 KB pieces |',
      'MB stream in 16 KB pieces, sentinel at the end',
      'heap per open stream',
      'RSS per open stream',
      'import in a fresh Node process',
      'import minified + gzipped',
      'compat SSE, 1 at a time: client CPU per frame',
      'compat SSE, 200 concurrent, burst: client CPU per frame',
      'compat SSE, 200 concurrent, a frame per 10 ms: client CPU per frame',
      'compat SSE, 1 at a time: time to first token',
      'plain text, 200 concurrent, a frame per 10 ms: client CPU per frame',
      'compat SSE: heap per idle open stream',
      'own code, no network: client CPU per call',
      'own code, no network: client CPU per frame, 40-frame compat SSE, a frame per read',
      'own code, no network: client CPU per frame, 40-frame plain text, a frame per read',
      'own code, no network: bytes allocated per call',
      'own code, no network: bytes allocated per frame, 40-frame compat SSE',
      'own code, no network: bytes allocated per frame, 40-frame plain text',
    ]) {
      expect(report, scenario).toContain(scenario);
    }
    for (const contender of [
      'raw fetch',
      'raw fetch + timeout signal',
      'openapi-fetch',
      'omnigate',
      'omnigate/fetch',
      'openai SDK',
      'fetch + hand SSE parser',
      'completionsStream',
      'completionsStream, validate: false',
      'fetch + eventsource-parser',
      'fetch + hand SSE parser, as an async generator',
      'streamText + least provider',
      'streamText + omnigate/ai',
      'streamText + @ai-sdk/openai-compatible',
      'fetch + TextDecoder',
      'chatStream',
      'fetch + TextDecoder, as an async generator',
      'fetch + timeout signal (answered from memory)',
    ])
      expect(report).toContain(`| ${contender}`);
    // Every target, on each Node: the call path's, the large streams', the LLM streams', the own code's, import and size.
    expect(report.match(/^\| .+ \| (yes|no) \|$/gm)).toHaveLength(2 * 20);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
