// One ChatCompletion put together from a compat stream's chunks: content, role, finish reason, usage, and tool-call
// deltas joined by index. `Stream.finalCompletion()` over a stream's chunks; pure over any iterable of them.
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from '../../generated/types.js';

/** A tool call's delta, as OpenAI streams them (the gateway 0.2.0 sends none). */
interface ToolCallDelta {
  index: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

/** The chunks as one completion; `usage` is the stream's usage so far (it comes in a chunk of its own), as on a Stream. */
export async function assemble(
  chunks: AsyncIterable<ChatCompletionChunk> & { readonly usage: CompletionUsage | null },
): Promise<ChatCompletion> {
  const completion: ChatCompletion = { id: '', object: 'chat.completion', created: 0, model: '', choices: [] };
  for await (const { id, created, model, choices } of chunks) {
    const { usage } = chunks;
    Object.assign(completion, { id, created, model }, usage && { usage });
    for (const { index, delta, finish_reason } of choices) {
      completion.choices[index] ??= { index, message: { role: 'assistant', content: null }, finish_reason: null };
      const choice = completion.choices[index]!;
      const message: Record<string, unknown> & { content: string | null; tool_calls?: ToolCallDelta[] } = choice.message;
      const { content, tool_calls }: Record<string, unknown> & { content?: string | null; tool_calls?: ToolCallDelta[] } = delta;
      if (content) message.content = (message.content ?? '') + content;
      if (finish_reason) choice.finish_reason = finish_reason;
      for (const call of tool_calls ?? []) {
        message.tool_calls ??= [];
        message.tool_calls[call.index] ??= { index: call.index, function: {} };
        const to = message.tool_calls[call.index]!;
        const args = (to.function?.arguments ?? '') + (call.function?.arguments ?? '');
        Object.assign(to, call, { function: { ...to.function, ...call.function, arguments: args } });
      }
    }
  }
  return completion;
}
