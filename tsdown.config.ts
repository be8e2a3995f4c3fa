import { defineConfig, type UserConfig } from 'tsdown';

// Self-contained, minified ESM, as an app's bundler would make it. Not shipped.
const standalone = (name: string, entry: string): UserConfig => ({
  entry: { [name]: entry },
  format: ['esm'],
  platform: 'browser',
  target: 'es2022',
  minify: true,
  dts: false,
  clean: false,
  deps: { alwaysBundle: ['openapi-fetch'] },
  outDir: 'build/bundle',
});

export default defineConfig([
  // The package: ESM and CommonJS with declarations; its dependency stays an import.
  {
    entry: {
      index: 'src/index.ts',
      fetch: 'src/fetch.ts',
      ai: 'src/ai.ts',
      testing: 'src/testing.ts',
      otel: 'src/otel.ts',
      mcp: 'src/mcp.ts',
    },
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    clean: true,
    outDir: 'dist',
  },
  // The `omnigate` command: one ESM file for Node, with its shebang.
  {
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    fixedExtension: false,
    dts: false,
    clean: false,
    outDir: 'dist',
  },
  // The whole API in one file: what the Workers and browser smokes load.
  standalone('omnigate', 'src/index.ts'),
  standalone('testing', 'src/testing.ts'),
]);
