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
  return new Sse();
}

/** A class, not closures: an idle stream holds one small object (docs/design.md, "Streams"). */
class Sse implements SseDecoder {
  #utf8 = createUtf8Decoder();
  /** The start of a line whose end has not arrived. */
  #rest = '';
  /** The event's data so far; undefined before its first `data` line. */
  #data: string | undefined;
  /** The last chunk ended in CR: a LF that starts the next one ends no other line. */
  #cr = false;

  push(chunk: Uint8Array, out: string[] = []): string[] {
    this.#feed(this.#utf8.push(chunk), out);
    return out;
  }

  finish(out: string[] = []): string[] {
    this.#feed(this.#utf8.finish(), out);
    const rest = this.#rest;
    if (rest) this.#line(rest, 0, rest.length, out);
    this.#rest = '';
    this.#line('', 0, 0, out);
    return out;
  }

  /** One line, `text` from `from` to `to`. Comments (":...") and the event, id and retry fields carry nothing used here. */
  #line(text: string, from: number, to: number, out: string[]): void {
    if (from === to) {
      if (this.#data !== undefined) out.push(this.#data);
      this.#data = undefined;
    } else if (text.startsWith('data', from) && (to === from + 4 || text.charCodeAt(from + 4) === 58) /* : */) {
      const at = from + (text.charCodeAt(from + 5) === 32 ? 6 : 5);
      const value = at < to ? text.slice(at, to) : '';
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    }
  }

  #feed(text: string, out: string[]): void {
    if (this.#cr && text.charCodeAt(0) === 10) text = text.slice(1);
    this.#cr = false;
    if (text.includes('\r')) {
      this.#cr = text.endsWith('\r');
      text = text.replace(/\r\n?/g, '\n');
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (this.#rest) {
        const whole = this.#rest + text.slice(start, end);
        this.#rest = '';
        this.#line(whole, 0, whole.length, out);
      } else this.#line(text, start, end, out);
      start = end + 1;
    }
    if (start < text.length) this.#rest += start ? text.slice(start) : text;
  }
}
