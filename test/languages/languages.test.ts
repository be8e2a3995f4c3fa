// The document as other language teams use it: each quick start (examples/<language>/run.sh) generates its client
// from openapi/omnigate.yaml with the pinned generator, type-checks and builds it, runs its stream decoders against the
// conformance vectors, and prints its six lines against the faithful mock; Rust's and openapi-generator's Go clients
// are generated and built; openapi-generator's validation has nothing to recommend. The first run installs the
// generators and the clients' dependencies (several minutes on two cores); later runs reuse them (.tools/).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.js';
import { createMockGateway, type MockGateway } from '../../src/testing.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const FIRST_RUN = 15 * 60_000;

let gw: MockGateway;
let url: string;
beforeAll(async () => {
  gw = createMockGateway({ rateLimitPerMin: 1000 });
  url = await gw.listen();
});
afterAll(() => gw?.close());

async function sh(script: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [resolve(root, script), ...args], {
    cwd: root,
    env: { ...process.env, OMNIGATE_BASE_URL: url },
    maxBuffer: 2 ** 24,
    timeout: FIRST_RUN,
  }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`${script} failed: ${err.message}\n${err.stderr ?? ''}\n${err.stdout ?? ''}`);
  });
  return stdout;
}

/** What the six lines must say, asked of the same mock through this SDK. */
async function expected(language: string): Promise<string[]> {
  const client = new Client({ baseURL: url, apiKey: gw.apiKey });
  const hello = `hello from ${language}`;
  const chat = await client.chat({ model: 'gpt-4o-mini', messages: hello });
  return [
    `chat: ${chat.content}`,
    `stream: ${await client.chatStream({ model: 'gpt-4o-mini', messages: hello }).text()}`,
    `compat-stream: ${chat.content}`,
    `models: ${(await client.models()).length}`,
    'error 401: Invalid API key',
    'error 400: n > 1 is not supported',
  ];
}

describe('the quick start in each language prints its six lines against the faithful mock', () => {
  it.each(['python', 'go', 'java'])('%s', { timeout: FIRST_RUN }, async (language) => {
    const lines = (await sh(`examples/${language}/run.sh`)).trimEnd().split('\n');
    expect(lines).toEqual(await expected(language));
  });
});

describe('the clients other generators make build without a warning about the document', () => {
  it.each(['rust', 'go', 'validate'])('%s', { timeout: FIRST_RUN }, async (check) => {
    expect(await sh('examples/lib/check-generated.sh', check)).toBe(`${check}: ok\n`);
  });
});
