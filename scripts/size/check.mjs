// The size budget: `import { Client } from "omnigate"`, minified and gzipped with all it pulls in, bundled by esbuild
// for a browser as an app would. `node scripts/size/check.mjs` prints the figure and fails above the budget.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// Bytes, counted strictly: 12,158 measured. It was 11,900 until this stop, when decoding each stream chunk whole
// (src/streams/utf8.ts, +206 B) made streams 1.1 to 2.9 times raw fetch's throughput instead of 0.73 to 0.89 times
// (docs/design.md, "Streams"). A few bytes of room for the minifier.
export const BUDGET = 12_200;

/** Bytes of `contents` (an entry module, resolved from the project root) minified, and gzipped. */
export async function measure(contents = "export { Client } from './src/index.ts';") {
  const result = await build({
    stdin: { contents, resolveDir: new URL('../..', import.meta.url).pathname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { minified, gzipped } = await measure();
  const verdict = gzipped <= BUDGET ? 'within' : 'OVER';
  console.log(
    `size: import { Client } from "omnigate" is ${minified} B minified, ${gzipped} B gzipped (${verdict} the ${BUDGET} B budget)`,
  );
  if (gzipped > BUDGET) process.exit(1);
}
