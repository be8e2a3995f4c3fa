// Decodes Server-Sent Events (the compat route's stream) from byte chunks into `data` payloads. Pure.
import { streamErrorDetail } from './text.js';
import { createUtf8Decoder } from './utf8.js';

export interface SseDecoder {
  /** The `data` payloads of the events completed by this chunk. */
  push(chunk: Uint8Array): string[];
  /** At the end of the body: any last event, even one without its trailing blank line. */
  finish(): string[];
}

/**
 * Lines end in LF, CRLF or CR, in any chunking. Only the new chunk is searched for line ends, so a long
 * event split into many chunks costs linear time.
 */
export function createSseDecoder(): SseDecoder {
  const utf8 = createUtf8Decoder();
  let partial: string[] = [];
  let data: string[] | null = null;
  let skipLeadingLF = false;

  function line(text: string, events: string[]) {
    if (text === '') {
      if (data !== null) events.push(data.join('\n'));
      data = null;
    } else if (text.startsWith('data') && (text.length === 4 || text.charCodeAt(4) === 58) /* : */) {
      data ??= [];
      data.push(text.charCodeAt(5) === 32 ? text.slice(6) : text.slice(5));
    }
    // Comments (":..."), event, id and retry fields carry nothing this client uses.
  }

  function feed(text: string, events: string[]) {
    let start = 0;
    if (skipLeadingLF && text.charCodeAt(0) === 10) start = 1;
    skipLeadingLF = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      partial.push(text.slice(start, i));
      line(partial.length === 1 ? partial[0]! : partial.join(''), events);
      partial = [];
      if (c === 13) {
        if (i + 1 === text.length) skipLeadingLF = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < text.length) partial.push(text.slice(start));
  }

  return {
    push(chunk) {
      const events: string[] = [];
      feed(utf8.push(chunk), events);
      return events;
    },
    finish() {
      const events: string[] = [];
      feed(utf8.finish(), events);
      if (partial.length) line(partial.join(''), events);
      partial = [];
      line('', events);
      return events;
    },
  };
}

/** What one `data` payload of the compat stream means. */
export type CompatFrame =
  | { kind: 'done' }
  | { kind: 'chunk'; value: unknown }
  | { kind: 'error'; message: string; value: unknown }
  | { kind: 'invalid' };

export function compatFrame(data: string): CompatFrame {
  if (data === '[DONE]') return { kind: 'done' };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { kind: 'invalid' };
  }
  const error = (value as { error?: { message?: unknown } } | null)?.error;
  if (error) {
    const message = streamErrorDetail(typeof error.message === 'string' ? error.message : '');
    return { kind: 'error', message, value };
  }
  return { kind: 'chunk', value };
}
