// The README's streaming recipes, run: a node:http route and a fetch handler passing a chat stream on, and the
// browser side reading it with Stream.fromResponse, including a browser that leaves mid-stream; the gateway is the
// mock of omnigate/testing.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readChat } from '../../examples/stream-browser.js';
import { chatHandler } from '../../examples/stream-fetch-handler.js';
import { chatServer } from '../../examples/stream-node-http.js';
import { Client } from '../../src/index.js';
import { createMockGateway, type MockGateway } from '../../src/testing.js';

/** The gateway: the mock (omnigate/testing), streaming numbered pieces, `count` of them (endless by default). */
const mocks: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((gw) => gw.close()));
});
function gateway(count = 10_000) {
  const gw = createMockGateway({ streamPace: 3, reply: () => Array.from({ length: count }, (_, i) => i).join(' ') });
  mocks.push(gw);
  const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey });
  /** Resolves once the gateway has seen its stream cancelled: the call is recorded incomplete. */
  const closed = () =>
    expect.poll(async () => (await client.metrics({ group_by: 'status' })).breakdown.map((r) => r.key)).toContain('incomplete');
  return { gw, client, closed };
}

async function listen(server: ReturnType<typeof chatServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a node:http route, and the browser side', () => {
  it('the browser reads every piece', async () => {
    const { gw, client } = gateway(5);
    const app = chatServer(client);
    try {
      let text = '';
      await readChat(`${await listen(app)}/api/chat`, 'count to five', (piece) => {
        text += piece;
      });
      expect(text).toBe('0 1 2 3 4');
      expect(gw.requests[0]!.body).toMatchObject({ messages: [{ role: 'user', content: 'count to five' }] });
    } finally {
      app.close();
    }
  });

  it('the browser leaves mid-stream: the route cancels the gateway’s stream', async () => {
    const upstream = gateway();
    const app = chatServer(upstream.client);
    try {
      const leave = new AbortController();
      const pieces: string[] = [];
      const reading = readChat(
        `${await listen(app)}/api/chat`,
        'go on',
        (piece) => {
          pieces.push(piece);
          if (pieces.length === 3) leave.abort();
        },
        leave.signal,
      );
      await expect(reading).rejects.toThrow();
      await upstream.closed();
      expect(pieces.length).toBeGreaterThanOrEqual(3);
    } finally {
      app.close();
    }
  });

  it('a typed error reaches the browser as the same class', async () => {
    const { gw } = gateway();
    gw.failNext('chat', { kind: 'rateLimit', retryAfter: 7 });
    const app = chatServer(new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey, retries: 0 }));
    try {
      let text = '';
      await readChat(`${await listen(app)}/api/chat`, 'hi', (piece) => {
        text += piece;
      });
      expect(text).toBe('\n(busy: try again in 7 s)');
    } finally {
      app.close();
    }
  });
});

describe('a fetch handler returning toResponse()', () => {
  it('streams NDJSON, and a reader that leaves cancels the gateway’s stream', async () => {
    const upstream = gateway();
    const handle = chatHandler(upstream.client);
    const leave = new AbortController();
    const response = await handle(
      new Request('http://app/api/chat', { method: 'POST', body: JSON.stringify({ prompt: 'go' }), signal: leave.signal }),
    );
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(first.split('\n')[0]!)).toBe('0');
    leave.abort();
    await upstream.closed();
  });
});

describe('the README shows these recipes as they are tested', () => {
  it.each(['stream-node-http.ts', 'stream-fetch-handler.ts', 'stream-browser.ts', 'ai-route-handler.ts', 'testing-your-app.test.ts'])(
    '%s',
    (file) => {
      const root = resolve(import.meta.dirname, '../..');
      const code = readFileSync(join(root, 'examples', file), 'utf8');
      expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(code.trim());
    },
  );
});
