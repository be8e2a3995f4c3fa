// The caller's signals, watched without leaking: one listener per signal, however many calls share it.
import { AbortError } from '../errors/errors.js';

/** What a watched signal stops. */
export interface Abortable {
  abort(reason: AbortError): void;
}

// One listener per signal, however many calls share it, removed when the last of them ends: a long-lived signal
// (the client's own, or a caller's) collects no listeners and raises no MaxListenersExceededWarning.
const watched = new WeakMap<AbortSignal, { calls: Set<Abortable>; listener: () => void }>();

export function watch(signal: AbortSignal, call: Abortable): void {
  let entry = watched.get(signal);
  if (!entry) {
    const calls = new Set<Abortable>();
    const listener = () => {
      const reason = abortError(signal.reason);
      for (const c of calls) c.abort(reason);
    };
    entry = { calls, listener };
    watched.set(signal, entry);
    signal.addEventListener('abort', listener);
  }
  entry.calls.add(call);
}

/** `keep`: the listener stays when the last call ends (the client's own signal, which lives as long as the client). */
export function unwatch(signal: AbortSignal, call: Abortable, keep?: boolean): void {
  const entry = watched.get(signal);
  if (!entry?.calls.delete(call) || entry.calls.size || keep) return;
  signal.removeEventListener('abort', entry.listener);
  watched.delete(signal);
}

/** The caller's reason as an AbortError (kept when it is one). */
export function abortError(reason: unknown): AbortError {
  if (reason instanceof AbortError) return reason;
  return new AbortError('the call was aborted', { cause: reason });
}
