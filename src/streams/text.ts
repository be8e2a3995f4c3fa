// Decodes the gateway's plain-text chat stream from byte chunks and finds its in-band failure sentinel. Pure.
import { createUtf8Decoder } from './utf8.js';

/** What the server writes, after a 200, when the stream fails: a newline, `[error]`, one space, then the message. */
export const STREAM_ERROR_SENTINEL = '\n[error] ';
const MAX_ERROR_MESSAGE = 64 * 1024;

export interface TextStreamDecoder {
  /** Text to hand to the caller now (possibly empty). Never includes any part of the sentinel. */
  push(chunk: Uint8Array): string;
  /** At the end of the body: the text still held back, and the failure message when the sentinel was seen. */
  finish(): { text: string; error: string | null };
}

/**
 * Multi-byte characters split across chunks come out whole. Only the few characters that could be
 * the start of a split sentinel are held back, so work is linear in the stream's length.
 */
export function createTextStreamDecoder(): TextStreamDecoder {
  const utf8 = createUtf8Decoder();
  let held = '';
  let error: string | null = null;

  function scan(text: string): string {
    if (error !== null) {
      if (error.length < MAX_ERROR_MESSAGE) error += text.slice(0, MAX_ERROR_MESSAGE - error.length);
      return '';
    }
    const buffer = held + text;
    // The sentinel (and any start of it) begins with a line break: most chunks have none, and need no more work.
    const lf = buffer.indexOf('\n');
    if (lf < 0) {
      held = '';
      return buffer;
    }
    const at = buffer.indexOf(STREAM_ERROR_SENTINEL, lf);
    if (at >= 0) {
      held = '';
      error = '';
      scan(buffer.slice(at + STREAM_ERROR_SENTINEL.length));
      return buffer.slice(0, at);
    }
    const keep = sentinelPrefixAtEnd(buffer);
    held = keep ? buffer.slice(buffer.length - keep) : '';
    return keep ? buffer.slice(0, buffer.length - keep) : buffer;
  }

  return {
    push: (chunk) => scan(utf8.push(chunk)),
    finish() {
      let text = scan(utf8.finish());
      if (error === null) text += held;
      held = '';
      return { text, error };
    },
  };
}

export const NO_ERROR_MESSAGE = 'the stream failed without a message';

/** The detail a stream's failure is raised with: the message after the sentinel, trimmed, or a stock one. */
export function streamErrorDetail(message: string): string {
  return message.trim() || NO_ERROR_MESSAGE;
}

/** Length of the longest end of `text` that is a proper start of the sentinel: looks at 8 characters at most. */
function sentinelPrefixAtEnd(text: string): number {
  for (let k = Math.min(STREAM_ERROR_SENTINEL.length - 1, text.length); k > 0; k--) {
    if (text.charCodeAt(text.length - k) === 10 && STREAM_ERROR_SENTINEL.startsWith(text.slice(text.length - k))) return k;
  }
  return 0;
}
