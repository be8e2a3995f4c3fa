// Node, Bun and Deno: `<runtime> test/runtimes/run-smoke.mjs <baseURL>` prints the smoke's result as JSON.
import * as omnigate from '../../dist/index.js';
import { smoke } from './smoke.mjs';

const baseURL = globalThis.process?.argv?.[2] ?? globalThis.Deno?.args?.[0];
console.log(JSON.stringify(await smoke(omnigate, baseURL)));
