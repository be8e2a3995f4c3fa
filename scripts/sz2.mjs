import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const r = await build({
  stdin: { contents: "export { Client } from './src/index.ts';", resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  minify: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  legalComments: 'none',
});
const text = r.outputFiles[0].text;
// esbuild marks each module with a `// path` comment when not minified
const parts = text.split(/\n(?=\/\/ (?:src|generated)\/)/);
const { transform } = await import('esbuild');
const min = async (code) => (await transform(code, { minify: true, loader: 'js', format: 'esm' })).code;
const whole = gzipSync(await min(text), { level: 9 }).length;
console.log('whole', whole);
for (let i = 0; i < parts.length; i++) {
  const name = parts[i].split('\n')[0];
  if (!name.startsWith('// ')) continue;
  const without = parts.filter((_, j) => j !== i).join('\n');
  let m;
  try {
    m = await min(without);
  } catch {
    continue;
  }
  console.log(String(whole - gzipSync(m, { level: 9 }).length).padStart(6), name);
}
