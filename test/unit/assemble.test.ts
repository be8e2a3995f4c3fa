// A compat stream's chunks put together as one completion (src/streams/assemble.ts), table-driven: each case the
// chunks in order and the completion they make.
import { describe, expect, it } from 'vitest';
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from '../../generated/types.js';
import { assemble } from '../../src/streams/assemble.js';

type Delta = ChatCompletionChunk['choices'][number]['delta'] & Record<string, unknown>;
const chunk = (choices: Array<[index: number, delta: Delta, finish?: string]>, id = 'c1'): ChatCompletionChunk => ({
  id,
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: choices.map(([index, delta, finish]) => ({ index, delta, finish_reason: finish ?? null })),
});
const usage: CompletionUsage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
const head = { id: 'c1', object: 'chat.completion', created: 1_700_000_000, model: 'gpt-4o-mini' } as const;

const cases: Array<[string, Array<[ChatCompletionChunk, CompletionUsage | null]>, ChatCompletion]> = [
  ['no chunk: the empty completion', [], { id: '', object: 'chat.completion', created: 0, model: '', choices: [] }],
  [
    'content joined, role and finish reason kept, usage once it came',
    [
      [chunk([[0, { role: 'assistant', content: '' }]]), null],
      [chunk([[0, { content: 'Hel' }]]), null],
      [chunk([[0, { content: 'lo' }, 'stop']]), null],
      [chunk([]), usage],
    ],
    { ...head, usage, choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }] },
  ],
  [
    'choices by index, in any order; content stays null where none came',
    [
      [chunk([[1, { content: 'b' }]]), null],
      [chunk([[0, {}, 'length']]), null],
    ],
    {
      ...head,
      choices: [
        { index: 0, message: { role: 'assistant', content: null }, finish_reason: 'length' },
        { index: 1, message: { role: 'assistant', content: 'b' }, finish_reason: null },
      ],
    },
  ],
  [
    'tool-call deltas joined by index: id, name, then arguments in pieces',
    [
      [chunk([[0, { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'add', arguments: '' } }] }]]), null],
      [
        chunk([
          [
            0,
            {
              tool_calls: [
                { index: 0, function: { arguments: '{"a":' } },
                { index: 1, id: 'call_2' },
              ],
            },
          ],
        ]),
        null,
      ],
      [chunk([[0, { tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, 'tool_calls']]), null],
    ],
    {
      ...head,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":1}' } },
              { index: 1, id: 'call_2', function: { arguments: '' } },
            ],
          } as ChatCompletion['choices'][number]['message'],
          finish_reason: 'tool_calls',
        },
      ],
    },
  ],
  [
    'the last chunk’s id, created and model win',
    [
      [chunk([[0, { content: 'a' }]], 'first'), null],
      [chunk([[0, { content: 'b' }]], 'second'), null],
    ],
    { ...head, id: 'second', choices: [{ index: 0, message: { role: 'assistant', content: 'ab' }, finish_reason: null }] },
  ],
];

/** The chunks as a stream would give them, its usage what came with the chunk last handed out. */
function replay(chunks: Array<[ChatCompletionChunk, CompletionUsage | null]>) {
  const stream = {
    usage: null as CompletionUsage | null,
    async *[Symbol.asyncIterator]() {
      for (const [c, u] of chunks) {
        stream.usage = u ?? stream.usage;
        yield c;
      }
    },
  };
  return stream;
}

describe('assemble', () => {
  it.each(cases)('%s', async (_, chunks, expected) => {
    expect(await assemble(replay(chunks))).toEqual(expected);
  });

  it('a failure of the stream rejects it', async () => {
    const failing = {
      usage: null,
      async *[Symbol.asyncIterator]() {
        yield chunk([[0, { content: 'a' }]]);
        throw new Error('cut');
      },
    };
    await expect(assemble(failing)).rejects.toThrow('cut');
  });
});
