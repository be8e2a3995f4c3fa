// A fetch handler (a Next.js or Hono route, a worker) that returns the stream as its Response.
import type { Client } from 'omnigate';

export function chatHandler(client: Client) {
  return async (request: Request): Promise<Response> => {
    const { prompt } = await request.json();
    const stream = client.chatStream({ model: 'gpt-4o-mini', messages: prompt });
    request.signal.addEventListener('abort', () => stream.abort()); // the browser left
    return stream.toResponse();
  };
}
