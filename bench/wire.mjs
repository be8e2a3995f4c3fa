// What the gateway stand-in answers, shared by the stand-in (server.mjs) and the benchmarks that feed a client the
// same bytes without it (own.mjs) or count what it sent (llm.mjs): one answer of /v1/chat, the LLM stream's tokens,
// and an SSE frame of the compat stream.

/** A whole `/v1/chat` answer. */
export const CHAT_REPLY = {
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
};

/** The tokens an LLM stream sends, in turn, one a frame: about 4 characters, multi-byte ones among them. */
export const TOKENS = [' the', ' fox', ' jum', 'ps o', 'ver ', 'a do', 'g; é', ' 😀 '];

/** One compat SSE frame: a chunk with this delta (and finish reason). */
export const sseFrame = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1764411300, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
