// Decodes Server-Sent Events (the compat route's stream) from byte chunks into `data` payloads. Pure.
import { createUtf8Decoder } from './utf8.js';

export interface SseDecoder {
  /** Appends to `out` the `data` payloads of the events this chunk completes, and returns it. */
  push(chunk: Uint8Array, out?: string[]): string[];
  /** At the end of the body: any last event, even one without its trailing blank line. */
  finish(out?: string[]): string[];
}

/**
 * Lines end in LF, CRLF or CR, in any chunking. Only the new chunk is searched (natively, with indexOf) for line
 * ends, so a long event split into many chunks costs linear time; a frame that arrives whole costs one slice, its
 * payload.
 */
export function createSseDecoder(): SseDecoder {
  const utf8 = createUtf8Decoder();
  /** The start of a line whose end has not arrived. */
  let rest = '';
  /** The event's data so far; undefined before its first `data` line. */
  let data: string | undefined;
  /** The last chunk ended in CR: a LF that starts the next one ends no other line. */
  let cr = false;

  /** One line, `text` from `from` to `to`. Comments (":...") and the event, id and retry fields carry nothing used here. */
  function line(text: string, from: number, to: number, out: string[]) {
    if (from === to) {
      if (data !== undefined) out.push(data);
      data = undefined;
    } else if (text.startsWith('data', from) && (to === from + 4 || text.charCodeAt(from + 4) === 58) /* : */) {
      const at = from + (text.charCodeAt(from + 5) === 32 ? 6 : 5);
      const value = at < to ? text.slice(at, to) : '';
      data = data === undefined ? value : `${data}\n${value}`;
    }
  }

  function feed(text: string, out: string[]) {
    if (cr && text.charCodeAt(0) === 10) text = text.slice(1);
    cr = false;
    if (text.includes('\r')) {
      cr = text.endsWith('\r');
      text = text.replace(/\r\n?/g, '\n');
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (rest) {
        const whole = rest + text.slice(start, end);
        rest = '';
        line(whole, 0, whole.length, out);
      } else line(text, start, end, out);
      start = end + 1;
    }
    if (start < text.length) rest += start ? text.slice(start) : text;
  }

  return {
    push(chunk, out = []) {
      feed(utf8.push(chunk), out);
      return out;
    },
    finish(out = []) {
      feed(utf8.finish(), out);
      if (rest) line(rest, 0, rest.length, out);
      rest = '';
      line('', 0, 0, out);
      return out;
    },
  };
}
