// UTF-8 arriving in chunks, decoded to the same text as one streaming TextDecoder would give. Pure.
//
// Each chunk is decoded whole, without `stream: true`: Node's TextDecoder takes its SIMD path only then, about seven
// times faster (5 against 35 µs for 64 KB), and decoding is most of a stream's cost on the client. A character split
// between chunks is held back (at most 3 bytes) and decoded with the next chunk.

export interface Utf8Decoder {
  /** The text of the characters this chunk completes. */
  push(chunk: Uint8Array): string;
  /** At the end: a character left incomplete, as U+FFFD. */
  finish(): string;
}

const NOTHING = new Uint8Array(0);

// Shared by every stream: each decode is whole (never `stream: true`), so the decoder keeps nothing between calls. The
// BOM is kept here and dropped only at the very start of a stream, as a streaming decoder does (a whole decode per
// chunk would drop one at the start of every chunk).
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

export function createUtf8Decoder(): Utf8Decoder {
  return new Utf8();
}

/** A class, not closures: an idle stream holds one small object (docs/design.md, "Streams"). */
class Utf8 implements Utf8Decoder {
  #held = NOTHING;
  #started = false;

  push(chunk: Uint8Array): string {
    const held = this.#held;
    if (held.length) {
      const joined = new Uint8Array(held.length + chunk.length);
      joined.set(held);
      joined.set(chunk, held.length);
      chunk = joined;
    }
    const end = completeEnd(chunk);
    // Nothing held is the usual case: no array made for it.
    this.#held = end < chunk.length ? chunk.slice(end) : NOTHING;
    return this.#decode(end === chunk.length ? chunk : chunk.subarray(0, end));
  }

  finish(): string {
    return this.#decode(this.#held);
  }

  #decode(bytes: Uint8Array): string {
    const text = UTF8.decode(bytes);
    if (this.#started || !text) return text;
    this.#started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/** Where the chunk's complete characters end: before a last character whose bytes have not all arrived. */
function completeEnd(chunk: Uint8Array): number {
  for (let i = chunk.length - 1; i >= 0 && i >= chunk.length - 3; i--) {
    const byte = chunk[i]!;
    if (byte < 0x80) break;
    // A lead byte: 2, 3 or 4 bytes long (an invalid one is held too, and decoded to U+FFFD with what follows it).
    if (byte >= 0xc0) return i + (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) > chunk.length ? i : chunk.length;
  }
  return chunk.length;
}
