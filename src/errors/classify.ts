// Which error an HTTP error response becomes, and the readable detail it carries. Pure.

import { type HeaderSource, retryAfterMs } from '../core/retry-after.js';
import { isObject } from '../core/validate.js';
import { type APIError, ERROR_CLASSES } from './errors.js';

export type ErrorClassName = 'RateLimitError' | 'BudgetExceededError' | 'UnknownModelError' | 'ProviderError' | 'AuthError' | 'APIError';

const MAX_TEXT_DETAIL = 1_000;
// 'no ' covers the gateway's 'no provider ...' and 'No openai key configured' alike.
const PROVIDER_PREFIXES = ['openai', 'anthropic', 'gemini', 'azure', 'no '];

// The gateway's words for a model it does not route: `/v1/chat` and the compat route (400), a model card (404).
const UNKNOWN_MODEL = /^(no provider registered for model '|model '[^']*' not found$)/;

/**
 * The class for a status and detail, in the Python client's order: 429, 402, then provider failures
 * (502, or a detail naming a provider or quoting its status), then 401, then anything else; before the provider
 * rule, a model the gateway does not route (which the Python client calls a provider failure).
 */
export function errorClassName(status: number, detail: string): ErrorClassName {
  if (status === 429) return 'RateLimitError';
  if (status === 402) return 'BudgetExceededError';
  const lower = detail.toLowerCase();
  if ((status === 400 || status === 404) && UNKNOWN_MODEL.test(lower)) return 'UnknownModelError';
  if (status === 502 || PROVIDER_PREFIXES.some((p) => lower.startsWith(p)) || lower.includes('error 4') || lower.includes('error 5')) {
    return 'ProviderError';
  }
  if (status === 401) return 'AuthError';
  return 'APIError';
}

/**
 * One readable string from any error body: FastAPI's `{detail}` (a 422 list becomes
 * `loc.path: msg; ...`), OpenAI's `{error: {message}}`, plain text; `HTTP <status>` when there is nothing usable.
 * `body` is the parsed JSON where the body was JSON, else its text.
 */
export function errorDetail(body: unknown, status: number): string {
  return detailOf(body)?.trim() || `HTTP ${status}`;
}

function detailOf(body: unknown): string | undefined {
  if (typeof body === 'string') return textDetail(body);
  if (!isObject(body)) return undefined;
  const { detail, error, message } = body;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return validationDetail(detail);
  if (isObject(error) && typeof error.message === 'string') return error.message;
  if (typeof error === 'string') return error;
  if (typeof message === 'string') return message;
  return undefined;
}

function validationDetail(items: unknown[]): string {
  return items
    .map((item) => {
      if (!isObject(item)) return String(item);
      const loc = Array.isArray(item.loc) ? item.loc.join('.') : '';
      const msg = typeof item.msg === 'string' ? item.msg : JSON.stringify(item);
      return loc ? `${loc}: ${msg}` : msg;
    })
    .join('; ');
}

function textDetail(text: string): string | undefined {
  const trimmed = text.trim();
  // An HTML page (a proxy's error page) says nothing the status does not, except perhaps its title.
  if (/^<(?:!doctype|html|head|body)/i.test(trimmed)) {
    return /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim() || undefined;
  }
  return trimmed.length > MAX_TEXT_DETAIL ? `${trimmed.slice(0, MAX_TEXT_DETAIL)}…` : trimmed;
}

/** An error body's text as openapi-fetch hands it over: parsed JSON where it parses, else the text. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface ErrorResponse {
  status: number;
  headers: HeaderSource;
  /** The parsed JSON where the body was JSON, else its text (or undefined when empty). */
  body: unknown;
  /** `METHOD /path` as sent, for the message. */
  operation?: string;
  method?: string;
  url?: string;
  /** Whether the request carried a key (`x-api-key`, `x-admin-key` or Authorization): a 401 without one says how to give it. */
  keySent?: boolean;
}

/** What a newcomer should do, where the detail tells: the SDK's words, appended to the message (cli/exit.ts has its own). */
/** The gateway's words for a provider whose key the project has not stored; the provider's name is the group. */
export const NO_PROVIDER_KEY = /^No (\w+) key configured/;

export const HINTS = {
  key: 'Pass apiKey, or set OMNIGATE_API_KEY',
  providerKey: 'Use client.setProviderKey()',
};

/** The typed error for an HTTP error response. */
export function classify(response: ErrorResponse, now: number = Date.now()): APIError {
  const { status, headers } = response;
  const detail = errorDetail(response.body, status);
  const ms = retryAfterMs(headers, now);
  const className = errorClassName(status, detail);
  return new ERROR_CLASSES[className]({
    statusCode: status,
    detail,
    requestId: headers.get('x-request-id'),
    operation: response.operation,
    method: response.method,
    url: response.url,
    hint: status === 401 && response.keySent === false ? HINTS.key : NO_PROVIDER_KEY.test(detail) ? HINTS.providerKey : undefined,
    body: response.body,
    headers: headers instanceof Headers ? headers : undefined,
    // Read by RateLimitError only.
    retryAfter: ms === null ? null : ms / 1000,
  });
}
