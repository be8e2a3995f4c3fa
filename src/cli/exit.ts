// How a failure ends the command: one line on stderr (or one JSON object with --json), and an exit code per class.

import { HINTS, NO_PROVIDER_KEY } from '../errors/classify.js';
import {
  AbortError,
  APIError,
  AuthError,
  BudgetExceededError,
  ConnectionError,
  GatewayError,
  InvalidArgumentError,
  ProviderError,
  RateLimitError,
  ResponseValidationError,
  UnknownModelError,
} from '../errors/errors.js';
import { type Out, paint } from './output.js';

/** A mistake in the command itself: unknown command or flag, a missing argument. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit codes, in the order `--help` lists them. The first class an error is an instance of wins. */
export const EXIT_CODES: Array<[code: number, what: string, test: (err: unknown) => boolean]> = [
  [
    2,
    'usage: an unknown command or flag, a missing or bad argument (InvalidArgumentError)',
    (e) => e instanceof UsageError || e instanceof InvalidArgumentError,
  ],
  [3, 'AuthError: a missing, wrong or revoked key', (e) => e instanceof AuthError],
  [4, 'BudgetExceededError: a budget is spent', (e) => e instanceof BudgetExceededError],
  [5, 'RateLimitError: the rate limit (retries spent)', (e) => e instanceof RateLimitError],
  [6, 'ProviderError: the provider failed or refused', (e) => e instanceof ProviderError],
  [7, 'ConnectionError or TimeoutError: the gateway could not be reached', (e) => e instanceof ConnectionError],
  [8, 'APIError: any other refusal (UnknownModelError, 404, 422, ...)', (e) => e instanceof APIError],
  [9, 'ResponseValidationError: an answer the document does not describe', (e) => e instanceof ResponseValidationError],
  [130, 'AbortError: interrupted (Ctrl-C)', (e) => e instanceof AbortError],
  [1, 'anything else', () => true],
];

export const exitCode = (err: unknown): number => EXIT_CODES.find(([, , test]) => test(err))![0];

/** The SDK's hint, in the command line's words: what to type rather than what to call. */
function commandHint(err: APIError): string | undefined {
  if (err instanceof UnknownModelError) return '`omnigate models` lists the models the gateway routes';
  if (err.hint === HINTS.key) return 'No key was sent: set OMNIGATE_API_KEY (`omnigate signup` makes a project and its key)';
  const provider = NO_PROVIDER_KEY.exec(err.detail)?.[1];
  return provider && `Store it with \`omnigate provider-key set ${provider}\``;
}

/** An error's message, with the SDK's hint (if any) replaced by the command line's, or the command line's added. */
function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const hint = err instanceof APIError && commandHint(err);
  if (!hint) return err.message;
  const sdkHint = (err as APIError).hint;
  return `${sdkHint ? err.message.slice(0, -sdkHint.length) : `${err.message}. `}${hint}`;
}

/** The one line (or JSON object) that reports a failure. Messages never carry a key: the client scrubs them. */
export function report(out: Out, err: unknown, json: boolean): void {
  const name = err instanceof Error ? err.name : 'Error';
  const message = messageOf(err);
  if (json) {
    const fields = err instanceof GatewayError ? { ...err } : {};
    const { body: _body, headers: _headers, cause: _cause, ...rest } = fields as Record<string, unknown>;
    out.stdout.write(`${JSON.stringify({ error: { name, message, ...rest } })}\n`);
    return;
  }
  const wait = err instanceof RateLimitError && err.retryAfter !== null ? ` (retry after ${err.retryAfter} s)` : '';
  out.stderr.write(`${paint(out, 'red', `omnigate: ${name}`)}: ${message}${wait}\n`);
}
