// Node, Bun and Deno: `<runtime> test/runtimes/run-app-test.mjs` prints the app test's result as JSON.
import * as omnigate from '../../dist/index.js';
import * as testing from '../../dist/testing.js';
import { appTest } from './app-test.mjs';

console.log(JSON.stringify(await appTest(omnigate, testing)));
