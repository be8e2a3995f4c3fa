import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The examples import the package by name: `omnigate` and its subpaths are the sources.
    alias: [
      { find: /^omnigate$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^omnigate\/(\w+)$/, replacement: fileURLToPath(new URL('./src/$1.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/support/global-prism.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
