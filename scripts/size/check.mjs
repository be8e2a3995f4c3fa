// The size budget: `import { Client } from "omnigate"`, minified and gzipped with all it pulls in, bundled by esbuild
// for a browser as an app would. `node scripts/size/check.mjs` prints the figure and fails above the budget.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// Bytes, counted strictly: 12,285 measured. It was 11,900 until this stop's two stream changes, each a trade measured in
// docs/design.md ("Streams"): the hand-written iterator (+164 B) for 3 to 4% of stream throughput, and decoding each
// chunk whole (+206 B) for 3 to 4 times less CPU per streamed byte. A few bytes of room for the minifier.
export const BUDGET = 12_300;

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
