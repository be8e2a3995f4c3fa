// Turns what callers pass as `messages` into the list the gateway takes, and checks chat parameters. Pure.
import { chatBody as checker } from '../generated/operations.js';
import type { ChatRequest, Message } from '../generated/types.js';
import { validate } from './core/validate.js';
import { InvalidArgumentError } from './errors/errors.js';

/** A bare string (one user message), one message, or a list of them. */
export type MessagesInput = string | Message | readonly Message[];

/** `chat()` parameters: the document's ChatRequest, with `messages` as flexible as the Python client's. */
export type ChatParams = Omit<ChatRequest, 'messages' | 'stream'> & { messages: MessagesInput };

/** A string becomes one user message, one message object is wrapped, a list passes; anything else is rejected. */
export function normalizeMessages(input: unknown): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (Array.isArray(input)) return input as Message[];
  if (typeof input === 'object' && input !== null) return [input as Message];
  throw new InvalidArgumentError(
    'messages',
    `expected a string, a message object or a list of messages, got ${input === null ? 'null' : typeof input}`,
  );
}

/**
 * The chat body with its messages normalised, checked against the document's ChatRequest (roles, at least one
 * message, max_tokens ≥ 1, temperature 0..2, ...). Throws InvalidArgumentError naming the field.
 */
export function chatBody<T extends { messages?: unknown; model?: unknown }>(
  params: T,
  stream: boolean,
): Omit<T, 'messages'> & { messages: Message[]; stream: boolean } {
  if (typeof params !== 'object' || params === null) {
    throw new InvalidArgumentError('params', 'expected an object with `model` and `messages`');
  }
  const body = Object.assign({}, params, { messages: normalizeMessages(params.messages), stream });
  const [issue] = validate(body, checker.schema, 1);
  if (issue) throw new InvalidArgumentError(issue.path || 'params', issue.message);
  // The gateway answers an empty model with a 502, which a client would retry: a caller's slip, caught here.
  if (body.model === '') throw new InvalidArgumentError('model', 'expected a model id such as "gpt-4o-mini"');
  return body;
}
