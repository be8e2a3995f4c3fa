// The exchanges captured from the real gateway (test/fixtures/observed/*.txt), as data: each request as curl
// was told to send it, each answer's status, headers and body bytes as received.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OBSERVED_DIR = join(import.meta.dirname, '../fixtures/observed');

export interface ObservedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
  /** The `-d` body as text; `invalid-utf8` for the three bytes ff fe 7b; undefined when none was sent. */
  body: string | undefined;
}

export interface Exchange {
  /** `p3.txt:44`: the file and line of the status line, to name the exchange in a test. */
  at: string;
  /** The `####` heading the exchange sits under. */
  section: string;
  /** Undefined where the transcript shows only the answer (the section heading says what was asked). */
  request: ObservedRequest | undefined;
  status: number;
  /** `HTTP/1.1 200 OK`, as received. */
  statusLine: string;
  /** Header names lower-cased, in the order received. */
  headers: Array<[string, string]>;
  body: Buffer;
  /** The transcript printed only the start of the body (content-length says more). */
  truncated: boolean;
}

const MARKER = /^(\$ curl |HTTP\/1\.1 |#{8,} |--- |elapsed: |count |fail:|admin )/;

export function parseTranscript(file: string, text: string): Exchange[] {
  // Status and header lines keep the wire's CRLF; the printer's own lines end in LF.
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const out: Exchange[] = [];
  let section = '';
  let request: ObservedRequest | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{8,} /.test(line)) {
      section = line.replace(/^#+\s*/, '');
      request = undefined;
    } else if (line.startsWith('$ curl ')) {
      request = parseCurl(line);
    } else if (line.startsWith('HTTP/1.1 ')) {
      const at = `${file}:${i + 1}`;
      const status = Number(line.split(' ')[1]);
      const headers: Array<[string, string]> = [];
      for (i++; i < lines.length && lines[i] !== ''; i++) {
        const h = lines[i]!;
        const colon = h.indexOf(': ');
        headers.push([h.slice(0, colon).toLowerCase(), h.slice(colon + 2)]);
      }
      const bodyLines: string[] = [];
      for (i++; i < lines.length && !MARKER.test(lines[i]!); i++) bodyLines.push(lines[i]!);
      i--;
      const length = headers.find(([n]) => n === 'content-length')?.[1];
      const body = restoreKeys(bodyOf(bodyLines, headers), length);
      const truncated = length !== undefined && Number(length) !== body.length;
      out.push({ at, section, request, status, statusLine: line, headers, body, truncated });
      request = undefined;
    }
  }
  return out;
}

/** The printer put a newline after each body and blank lines between exchanges; an SSE body ends in one blank line. */
function bodyOf(lines: string[], headers: Array<[string, string]>): Buffer {
  const type = headers.find(([n]) => n === 'content-type')?.[1] ?? '';
  const text = lines.join('\n').replace(/\n+$/, '');
  if (type.startsWith('text/event-stream')) return Buffer.from(`${text}\n\n`);
  return Buffer.from(text);
}

const REMOVED_KEY = 'llmg_<shown once, removed here>';
/** A key made up to stand where the capture removed one: `llmg_` and 43 URL-safe characters, as the gateway mints them. */
export const RESTORED_KEY = 'llmg_RestoredKeyRestoredKeyRestoredKeyRestored00';

/** The capture removed keys shown once; putting one of the real length back makes the body byte-exact again. */
function restoreKeys(body: Buffer, length: string | undefined): Buffer {
  const text = body.toString();
  if (!text.includes(REMOVED_KEY)) return body;
  const restored = Buffer.from(text.split(REMOVED_KEY).join(RESTORED_KEY));
  return length === undefined || Number(length) === restored.length ? restored : body;
}

function parseCurl(line: string): ObservedRequest {
  let rest = line.slice('$ curl '.length);
  let method = 'GET';
  const x = /^-X (\S+) /.exec(rest);
  if (x) {
    method = x[1]!;
    rest = rest.slice(x[0].length);
  }
  const path = rest.split(' ')[0]!;
  rest = rest.slice(path.length);
  let body: string | undefined;
  const data = /( -d | --data-binary )(.*)$/.exec(rest);
  if (data) {
    body = data[1] === ' --data-binary ' ? 'invalid-utf8' : data[2];
    rest = rest.slice(0, data.index);
    if (method === 'GET') method = 'POST';
  }
  const headers: Record<string, string> = {};
  for (const part of rest.split(' -H ').slice(1)) {
    const colon = part.indexOf(':');
    headers[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim();
  }
  return { method, path, headers, body };
}

let cache: Exchange[] | undefined;

/** Every exchange of every transcript, in file order. */
export function observedExchanges(): Exchange[] {
  cache ??= readdirSync(OBSERVED_DIR)
    .filter((f) => /^p\d+\.txt$/.test(f))
    .sort()
    .flatMap((f) => parseTranscript(f, readFileSync(join(OBSERVED_DIR, f), 'utf8')));
  return cache;
}

export function header(exchange: Exchange, name: string): string | undefined {
  return exchange.headers.find(([n]) => n === name)?.[1];
}

/** The request body as JSON, or undefined when it was not JSON. */
export function requestJson(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.request?.body ?? '');
  } catch {
    return undefined;
  }
}
