// How a failure ends the command: one line on stderr (or one JSON object with --json), and an exit code per class.
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
  [8, 'APIError: any other refusal (404, 422, ...)', (e) => e instanceof APIError],
  [9, 'ResponseValidationError: an answer the document does not describe', (e) => e instanceof ResponseValidationError],
  [130, 'AbortError: interrupted (Ctrl-C)', (e) => e instanceof AbortError],
  [1, 'anything else', () => true],
];

export const exitCode = (err: unknown): number => EXIT_CODES.find(([, , test]) => test(err))![0];

/** The one line (or JSON object) that reports a failure. Messages never carry a key: the client scrubs them. */
export function report(out: Out, err: unknown, json: boolean): void {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  if (json) {
    const fields = err instanceof GatewayError ? { ...err } : {};
    const { body: _body, headers: _headers, cause: _cause, ...rest } = fields as Record<string, unknown>;
    out.stdout.write(`${JSON.stringify({ error: { name, message, ...rest } })}\n`);
    return;
  }
  const wait = err instanceof RateLimitError && err.retryAfter !== null ? ` (retry after ${err.retryAfter} s)` : '';
  out.stderr.write(`${paint(out, 'red', `omnigate: ${name}`)}: ${message}${wait}\n`);
}
