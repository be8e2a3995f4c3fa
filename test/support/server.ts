// A scripted HTTP server on a free loopback port: each test says how every request is answered.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';
import { Client, type ClientOptions } from '../../src/index.js';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen, index: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: Seen[];
  /** Requests answered, recorded or not. */
  count: number;
  /** Sockets that closed, for tests that check a connection was released. */
  closedSockets: number;
  /** Closes the keep-alive sockets that are idle, as a server's keep-alive timeout would. */
  closeIdle(): void;
  close(): Promise<void>;
}

/** `record: false` keeps only a count, for load tests that measure the client's heap, not the server's list. */
export async function startServer(handler: Handler, options: { record?: boolean } = {}): Promise<TestServer> {
  const record = options.record ?? true;
  const sockets = new Set<Socket>();
  const state = { closedSockets: 0, count: 0 };
  const requests: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
      at: Date.now(),
    };
    const index = state.count++;
    if (record) requests.push(seen);
    try {
      await handler(req, res, seen, index);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      state.closedSockets++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get count() {
      return state.count;
    },
    get closedSockets() {
      return state.closedSockets;
    },
    closeIdle: () => server.closeIdleConnections(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const chatAnswer = {
  id: 'chatcmpl-1',
  provider: 'openai',
  model: 'gpt-4o-mini',
  content: 'Salut !',
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  cost_usd: 0.0000036,
  finish_reason: 'stop',
  cached: false,
  fallback_used: false,
  latency_ms: 412,
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<string> {
  const s = await startServer(() => {});
  await s.close();
  return s.url;
}

/** A free loopback port number (bound, then released), for a process the test starts. */
export async function freePort(): Promise<number> {
  return Number(new URL(await closedPort()).port);
}

/** Starts a scripted server for the current test and closes it after the test, whatever happens. */
export function serverPerTest(): (handler: Handler, options?: { record?: boolean }) => Promise<TestServer> {
  let current: TestServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (handler, options) => {
    current = await startServer(handler, options);
    return current;
  };
}

/** Retries that take a millisecond, for tests that count attempts rather than wait. */
export const fastRetries = { backoffBase: 1, backoffMax: 5 };
export const hi = { model: 'gpt-4o-mini', messages: 'hi' };

/** Everything an async iterable yields, and the error that ended it (undefined for a clean end). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

export interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A client whose fetch records each request and answers `respond()` (a chat answer by default), with no socket. */
export function recordingClient(respond: () => Response = () => Response.json(chatAnswer), options: ClientOptions = {}) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (url, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    sent.push({ url: String(url), method: init?.method ?? 'GET', headers, body });
    return respond();
  };
  return { client: new Client({ baseURL: 'http://gateway.test', fetch, retries: 0, logLevel: 'off', ...options }), sent };
}

/** A logger that keeps what it is given, for tests that assert log events (and keep them off the console). */
export function captureLog() {
  const lines: Array<[level: string, message: string, data: Record<string, unknown> | undefined]> = [];
  const at = (level: string) => (message: string, data?: Record<string, unknown>) => void lines.push([level, message, data]);
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } };
}
