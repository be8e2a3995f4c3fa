// A loopback server that answers every request with one captured exchange's bytes: its status line, its headers
// as received (names as captured, lower-case) and its body. A chunked body is re-framed in small chunks, so
// multi-byte characters and the stream sentinel arrive split, as a real network may deliver them.

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import type { Exchange } from './transcripts.js';

export interface ReplayServer {
  url: string;
  /** Requests received: method and path. */
  requests: string[];
  close(): Promise<void>;
}

export async function replay(exchange: Exchange, chunkSize = 5): Promise<ReplayServer> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      requests.push(head.split('\r\n')[0]!.split(' ').slice(0, 2).join(' '));
      buffered = buffered.subarray(end + 4 + length);
      answer(socket, exchange, chunkSize);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(socket: Socket, exchange: Exchange, chunkSize: number) {
  const head = `${exchange.statusLine}\r\n${exchange.headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  socket.write(head, 'latin1');
  const chunked = exchange.headers.some(([n, v]) => n === 'transfer-encoding' && v === 'chunked');
  if (!chunked) {
    socket.write(exchange.body);
    return;
  }
  for (let at = 0; at < exchange.body.length; at += chunkSize) {
    const piece = exchange.body.subarray(at, at + chunkSize);
    socket.write(`${piece.length.toString(16)}\r\n`);
    socket.write(piece);
    socket.write('\r\n');
  }
  socket.write('0\r\n\r\n');
}
