// The gateway stand-in for the benchmarks, in its own process so the measuring process holds only the clients.
// Prints `listening <url>`. Streams are shaped by request headers: x-bench-bytes, x-bench-piece, x-bench-sentinel,
// x-bench-hold (send one piece, then hold the stream open until the client leaves). An LLM's stream instead, with
// x-bench-frames: that many tiny frames (a few characters each, each its own socket write; on /v1/chat/completions
// as SSE chunks with a role chunk before, a finish chunk and [DONE] after), x-bench-pace milliseconds apart (else as
// fast as the socket takes them), or, with x-bench-hold, one frame and then held.
import { createServer } from 'node:http';
import { CHAT_REPLY, sseFrame, TOKENS } from './wire.mjs';

const chat = Buffer.from(JSON.stringify(CHAT_REPLY));
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

const SSE_TOKENS = TOKENS.map((content) => Buffer.from(sseFrame({ content })));
const TEXT_TOKENS = TOKENS.map((t) => Buffer.from(t));
const tick = (pace) => new Promise((resolve) => (pace ? setTimeout(resolve, pace) : setImmediate(resolve)));

/** An LLM's stream: `frames` tiny writes, `pace` ms apart (0: each on the next turn of the event loop). */
async function frames(req, res, sse) {
  const count = Number(req.headers['x-bench-frames']);
  const pace = Number(req.headers['x-bench-pace'] ?? 0);
  const type = sse ? 'text/event-stream; charset=utf-8' : 'text/plain; charset=utf-8';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'x-request-id': 'bench-frames' });
  let closed = false;
  res.on('close', () => (closed = true));
  if (sse) res.write(sseFrame({ role: 'assistant', content: '' }));
  const tokens = sse ? SSE_TOKENS : TEXT_TOKENS;
  if (req.headers['x-bench-hold']) return void res.write(tokens[0]);
  for (let i = 0; i < count && !closed; i++) {
    await tick(pace);
    res.write(tokens[i % tokens.length]);
  }
  if (sse) res.write(`${sseFrame({}, 'stop')}data: [DONE]\n\n`);
  res.end();
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    if (req.headers['x-bench-frames'] && body.stream) return void frames(req, res, req.url === '/v1/chat/completions');
    if (req.url === '/v1/chat/completions') return res.writeHead(200, jsonHeaders(completion)).end(completion);
    if (req.url === '/v1/chat' && body.stream) return void stream(req, res);
    if (req.url === '/v1/chat') return res.writeHead(200, jsonHeaders(chat)).end(chat);
    res.writeHead(404).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
