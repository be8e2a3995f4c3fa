// The README's streaming recipes, run: a node:http route and a fetch handler passing a chat stream on, and the
// browser side reading it with Stream.fromResponse, including a browser that leaves mid-stream.

import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChat } from '../../examples/stream-browser.js';
import { chatHandler } from '../../examples/stream-fetch-handler.js';
import { chatServer } from '../../examples/stream-node-http.js';
import { Client } from '../../src/index.js';
import { json, serverPerTest, sleep } from '../support/server.js';

const serve = serverPerTest();

/** The gateway stand-in: a stream of numbered pieces, `count` of them (endless by default); `closed` when its client leaves. */
function gateway(count = 10_000) {
  let resolve: () => void;
  const closed = new Promise<void>((r) => {
    resolve = r;
  });
  const handler = async (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.on('close', () => resolve());
    for (let i = 0; i < count && !res.destroyed; i++) {
      res.write(`${i} `);
      await sleep(3);
    }
    res.end();
  };
  return { handler, closed };
}

async function listen(server: ReturnType<typeof chatServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a node:http route, and the browser side', () => {
  it('the browser reads every piece', async () => {
    const upstream = gateway(5);
    const gw = await serve(upstream.handler);
    const app = chatServer(new Client({ baseURL: gw.url }));
    try {
      let text = '';
      await readChat(`${await listen(app)}/api/chat`, 'count to five', (piece) => {
        text += piece;
      });
      expect(text).toBe('0 1 2 3 4 ');
      expect(JSON.parse(gw.requests[0]!.body).messages).toEqual([{ role: 'user', content: 'count to five' }]);
    } finally {
      app.close();
    }
  });

  it('the browser leaves mid-stream: the route cancels the gateway’s stream', async () => {
    const upstream = gateway();
    const gw = await serve(upstream.handler);
    const app = chatServer(new Client({ baseURL: gw.url }));
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
      await upstream.closed;
      expect(pieces.length).toBeGreaterThanOrEqual(3);
    } finally {
      app.close();
    }
  });

  it('a typed error reaches the browser as the same class', async () => {
    const gw = await serve((_req, res) => json(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '7' }));
    const app = chatServer(new Client({ baseURL: gw.url, retries: 0 }));
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
    const gw = await serve(upstream.handler);
    const handle = chatHandler(new Client({ baseURL: gw.url }));
    const leave = new AbortController();
    const response = await handle(
      new Request('http://app/api/chat', { method: 'POST', body: JSON.stringify({ prompt: 'go' }), signal: leave.signal }),
    );
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(first.split('\n')[0]!)).toBe('0 ');
    leave.abort();
    await upstream.closed;
  });
});

describe('the README shows these recipes as they are tested', () => {
  it.each(['stream-node-http.ts', 'stream-fetch-handler.ts', 'stream-browser.ts', 'ai-route-handler.ts'])('%s', (file) => {
    const root = resolve(import.meta.dirname, '../..');
    const code = readFileSync(join(root, 'examples', file), 'utf8');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(code.trim());
  });
});
