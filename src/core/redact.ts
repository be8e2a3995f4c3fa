// Keeps keys out of errors: the secrets a call sent, and anything shaped like a gateway or provider key.

const KEY_SHAPES = /\bllmg_[A-Za-z0-9_-]{8,}|\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|\bAIza[0-9A-Za-z_-]{20,}/g;
export const REDACTED = '[redacted]';
/** The headers whose values are secrets (a key, a token, a cookie): scrubbed from errors, and what a "key sent" is. */
export const SECRET_HEADER = /^(authorization|x-\w+-key|proxy-authorization|cookie)$/i;

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(KEY_SHAPES, REDACTED);
}

/** A copy of a JSON value with every string redacted. */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}

/** The same headers, or a redacted copy where any value carries a secret (a proxy that echoes request headers). */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Headers {
  let copy: Headers | undefined;
  headers.forEach((value, name) => {
    const clean = redactText(value, secrets);
    if (clean === value) return;
    copy ??= new Headers(headers);
    copy.set(name, clean);
  });
  return copy ?? headers;
}
