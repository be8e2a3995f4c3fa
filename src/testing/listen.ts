// The mock gateway on a loopback port, for clients that cannot take a `fetch` (the Python client, the OpenAI SDK,
// curl). Node only: `node:http` is imported when `listen()` is called, never by `import 'omnigate/testing'`.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Serves `serve` on 127.0.0.1:`port` (0 for a free one). A caller that leaves aborts the request's signal. */
export async function listen(serve: (request: Request, signal: AbortSignal) => Promise<Response>, port: number): Promise<Listening> {
  // A computed specifier, so that bundlers for browsers and workers leave node:http out.
  const specifier = ['node', 'http'].join(':');
  const http: typeof import('node:http') = await import(/* @vite-ignore */ specifier);
  const server = http.createServer((req, res) => void bridge(req, res, serve, url));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function bridge(
  req: IncomingMessage,
  res: ServerResponse,
  serve: (request: Request, signal: AbortSignal) => Promise<Response>,
  base: string,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const left = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) left.abort(new DOMException('The caller left', 'AbortError'));
  });
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? 'GET';
  const body = chunks.length && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  let response: Response;
  try {
    response = await serve(new Request(new URL(req.url ?? '/', base), { method, headers, body }), left.signal);
  } catch {
    res.destroy(); // a hang ended by close(), or a caller that left: no answer
    return;
  }
  res.writeHead(response.status, [...response.headers].flat());
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (!res.write(next.value)) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    res.end();
  } catch {
    res.destroy(); // a cut: the connection drops mid-body
  }
}
