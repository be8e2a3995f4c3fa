// A node:http route that streams a chat to the browser as newline-delimited JSON, and cancels the gateway's
// stream the moment the browser leaves.
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Client } from 'omnigate';

export function chatServer(client: Client) {
  return createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const stream = client.chatStream({ model: 'gpt-4o-mini', messages: JSON.parse(body).prompt });
    res.on('close', () => stream.abort()); // the browser left: stop paying for tokens nobody reads
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    Readable.fromWeb(stream.toReadableStream() as NodeReadableStream).pipe(res);
  });
}
