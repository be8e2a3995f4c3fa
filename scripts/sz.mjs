import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build } from 'esbuild';

const r = await build({
  stdin: { contents: "export { Client } from './src/index.ts';", resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
});
console.log('gzip', gzipSync(r.outputFiles[0].contents, { level: 9 }).length);
console.log(await analyzeMetafile(r.metafile));
