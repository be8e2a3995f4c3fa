// The gateway stand-in for the benchmarks, in its own process so the measuring process holds only the clients.
// Prints `listening <url>`. Streams are shaped by request headers: x-bench-bytes, x-bench-piece, x-bench-sentinel,
// x-bench-hold (send one piece, then hold the stream open until the client leaves).
import { createServer } from 'node:http';

const chat = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    provider: 'openai',
    model: 'gpt-4o-mini',
    content: 'Salut ! Comment puis-je vous aider aujourd’hui ?',
    usage: { prompt_tokens: 12, completion_tokens: 11, total_tokens: 23 },
    cost_usd: 0.0000084,
    finish_reason: 'stop',
    cached: false,
    fallback_used: false,
    latency_ms: 412,
  }),
);
const completion = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1764411300,
    model: 'gpt-4o-mini',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'Salut ! Comment puis-je vous aider aujourd’hui ?' }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 11, total_tokens: 23 },
  }),
);
const jsonHeaders = (body) => ({ 'content-type': 'application/json', 'content-length': body.length, 'x-request-id': 'bench' });
const text = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ';
const pieces = new Map();
const pieceOf = (size) => {
  if (!pieces.has(size)) pieces.set(size, Buffer.from(text.repeat(Math.ceil(size / text.length)).slice(0, size)));
  return pieces.get(size);
};

async function stream(req, res) {
  const total = Number(req.headers['x-bench-bytes'] ?? 1024);
  const piece = pieceOf(Number(req.headers['x-bench-piece'] ?? 1024));
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': 'bench-stream' });
  if (req.headers['x-bench-hold']) {
    res.write(piece);
    return; // held until the client closes it
  }
  for (let sent = 0; sent < total; sent += piece.length) {
    if (!res.write(sent + piece.length <= total ? piece : piece.subarray(0, total - sent))) {
      await new Promise((resolve) => res.once('drain', resolve));
    }
  }
  res.end(req.headers['x-bench-sentinel'] ? '\n[error] OpenAI error 500: the end' : undefined);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/v1/chat/completions') return res.writeHead(200, jsonHeaders(completion)).end(completion);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    if (req.url === '/v1/chat' && body.stream) return void stream(req, res);
    if (req.url === '/v1/chat') return res.writeHead(200, jsonHeaders(chat)).end(chat);
    res.writeHead(404).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
