// The two streamed answers as byte streams: `/v1/chat`'s raw text with its `\n[error] ` sentinel, and the compat
// route's server-sent events with their in-band error frame. Paced, pulled (never pushed), and cancellable: a
// caller that leaves (cancel, or its request's abort signal) stops the stream, and the call is recorded incomplete.

export type StreamEnd = 'ok' | 'error' | 'incomplete';

export interface StreamSettings {
  /** Milliseconds between pieces. */
  pace: number;
  signal: AbortSignal;
  /** Called once, when the stream ends, however it ends. */
  onEnd: (end: StreamEnd) => void;
  /** Registers a way to stop the stream when the mock closes; returns its unregistration. */
  track: (stop: () => void) => () => void;
}

const encoder = new TextEncoder();

/** A byte stream of `frames`, one per pull, `pace` apart; `failed` says how it ends when all are sent. */
export function frameStream(frames: string[], failed: boolean, settings: StreamSettings): ReadableStream<Uint8Array> {
  let index = 0;
  let ended = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  let untrack = () => {};
  const end = (how: StreamEnd) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    wake?.();
    untrack();
    settings.onEnd(how);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const stop = (reason: unknown) => {
        if (ended) return;
        end('incomplete');
        controller.error(reason);
      };
      settings.signal.addEventListener('abort', () => stop(settings.signal.reason), { once: true });
      untrack = settings.track(() => stop(new TypeError('terminated')));
    },
    async pull(controller) {
      if (index > 0 && settings.pace > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, settings.pace);
        });
      }
      if (ended) return;
      const frame = frames[index++];
      if (frame !== undefined) controller.enqueue(encoder.encode(frame));
      if (index >= frames.length) {
        end(failed ? 'error' : 'ok');
        controller.close();
      }
    },
    cancel() {
      end('incomplete');
    },
  });
}

/** `/v1/chat`'s stream: the text as it comes, and on failure the sentinel and the message. */
export function plainFrames(pieces: string[], failure: string | undefined): string[] {
  return failure === undefined ? pieces : [...pieces, `\n[error] ${failure}`];
}

/** JSON as Python's `json.dumps` writes it in the compat stream: compact, non-ASCII escaped. */
const pythonJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export interface CompatStream {
  id: string;
  created: number;
  model: string;
  pieces: string[];
  failure: string | undefined;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined;
}

/** The compat route's events: a role chunk, content chunks, the finish (and usage when asked), or the error; `[DONE]`. */
export function compatFrames(s: CompatStream): string[] {
  const chunk = (delta: Record<string, string>, finish: string | null) => ({
    id: s.id,
    object: 'chat.completion.chunk',
    created: s.created,
    model: s.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const events: unknown[] = [chunk({ role: 'assistant' }, null), ...s.pieces.map((content) => chunk({ content }, null))];
  if (s.failure !== undefined) events.push({ error: { message: s.failure, type: 'provider_error' } });
  else {
    events.push(chunk({}, 'stop'));
    if (s.usage)
      events.push({ id: s.id, object: 'chat.completion.chunk', created: s.created, model: s.model, choices: [], usage: s.usage });
  }
  return [...events.map((e) => `data: ${pythonJson(e)}\n\n`), 'data: [DONE]\n\n'];
}
