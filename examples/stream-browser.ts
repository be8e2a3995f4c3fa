// The browser side: the same pieces, and the same typed errors (a RateLimitError stays a RateLimitError).
import { RateLimitError, Stream } from 'omnigate';

export async function readChat(url: string, prompt: string, show: (piece: string) => void, signal?: AbortSignal) {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ prompt }), signal });
  try {
    for await (const piece of Stream.fromResponse<string>(response)) show(piece);
  } catch (err) {
    if (err instanceof RateLimitError) show(`\n(busy: try again in ${err.retryAfter ?? 'a few'} s)`);
    else throw err;
  }
}
