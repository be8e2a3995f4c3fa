// One request as every handler of the mock sees it: what arrived, the gateway's state, and what the mock was told to
// do with it. A route that takes the gateway key gets the calling project beside it.
import type { ChatMessage } from './chat.js';
import type { MockFailure } from './failures.js';
import type { GatewayState, Project } from './state.js';
import type { StreamSettings } from './streams.js';

export interface RequestContext {
  readonly request: Request;
  /** The body's bytes, as received. */
  readonly bytes: Uint8Array;
  readonly requestId: string;
  readonly state: GatewayState;
  /** The path parameter the route matched ('' for a route without one), decoded. */
  readonly pathParam: string;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /** When the request arrived, on the mock's clock: what latencies are measured from. */
  readonly arrivedAt: number;
  /** The `x-user-id` header, which metrics group by. */
  readonly userId: string | null;
  /** The assistant's reply to a conversation (the mock's `reply` option). */
  readonly reply: (messages: ChatMessage[]) => string;
  /** The scripted failure this call meets where the provider would be called, or as a stream; used up when taken. */
  readonly scriptedFailure: (stage: 'provider' | 'stream') => MockFailure | undefined;
  /** How a stream's pieces are paced, and how an open stream stops when the request is aborted or the mock closes. */
  readonly streaming: Omit<StreamSettings, 'onEnd'>;
  /** The readiness check the mock was told fails. */
  readonly unready: 'database' | 'redis' | undefined;
}

/** A request on a route that takes the gateway key: the project the key belongs to. */
export interface ProjectContext extends RequestContext {
  readonly project: Project;
}
