// A route handler (a Next.js route, Hono, a worker) streaming AI SDK text to the browser through the gateway.
import { streamText } from 'ai';
import type { OmnigateProvider } from 'omnigate/ai';

export function aiChatHandler(omnigate: OmnigateProvider) {
  return async (request: Request): Promise<Response> => {
    const { prompt } = await request.json();
    const result = streamText({ model: omnigate('gpt-4o-mini'), prompt, abortSignal: request.signal });
    return result.toTextStreamResponse(); // the browser left: request.signal aborts, and the gateway's stream with it
  };
}
