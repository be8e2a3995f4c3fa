// The size budget: `import { Client } from "omnigate"`, minified and gzipped with all it pulls in.
// Reads build/bundle/size.js (from `npm run build`), prints the figure, fails above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGET = 12_000; // bytes: "12 kB", counted strictly

const code = readFileSync(new URL('../../build/bundle/size.js', import.meta.url));
const gzipped = gzipSync(code, { level: 9 }).length;
const verdict = gzipped <= BUDGET ? 'within' : 'OVER';
console.log(
  `size: import { Client } from "omnigate" is ${code.length} B minified, ${gzipped} B gzipped (${verdict} the ${BUDGET} B budget)`,
);
if (gzipped > BUDGET) process.exit(1);
