// Scripted answers: failures for the next calls of a route, each checked when it is scripted and used up only by a call
// it applies to, at the point of that call where it takes effect; and handlers (msw's `use`) that answer a route's
// calls before the mock does. One mechanism, in one place: the gateway asks it at each stage of a call.
import type { MockFailure } from './failures.js';
import type { MockRoute } from './routes.js';

/** Where in a call a scripted failure takes effect, so that a call that ends before that point leaves it for the next. */
export type Stage = 'received' | 'authenticated' | 'provider' | 'stream';

const STAGES: Record<MockFailure['kind'], Stage> = {
  answer: 'received',
  hang: 'received',
  cut: 'received',
  rateLimit: 'authenticated',
  provider: 'provider',
  streamFailure: 'stream',
};
/** The routes that reach a provider: the only ones a `provider` or `streamFailure` failure can apply to. */
const CHAT: ReadonlySet<string> = new Set(['chat', 'chatCompletions']);

/** A scripted failure not used up yet: its route, what it does, how many calls it still waits for. */
export interface PendingFailure {
  route: MockRoute;
  failure: MockFailure;
  remaining: number;
}

/** Answers a route's call instead of the mock (a Response), or lets the mock answer it (undefined). */
export type MockHandler = (request: Request) => Response | undefined | Promise<Response | undefined>;

export class Script {
  #failures: PendingFailure[] = [];
  #handlers: Array<{ route: MockRoute; handler: MockHandler; once: boolean }> = [];

  /** Scripts the next `times` calls of `route`; refuses a failure that no call of the route could meet. */
  failNext(route: MockRoute, failure: MockFailure, times: number): void {
    const stage = STAGES[failure?.kind as MockFailure['kind']];
    if (!stage)
      throw new TypeError(
        `omnigate/testing: unknown failure kind ${JSON.stringify(failure?.kind)} (kinds: ${Object.keys(STAGES).join(', ')})`,
      );
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError(`omnigate/testing: times must be a whole number of 1 or more, not ${times}`);
    if ((stage === 'provider' || stage === 'stream') && !CHAT.has(route)) {
      throw new TypeError(
        `omnigate/testing: a ${failure.kind} failure applies to the chat routes (chat, chatCompletions), which reach a provider; ${route} does not`,
      );
    }
    this.#failures.push({ route, failure, remaining: times });
  }

  /**
   * The failure this call of `route` meets at `stage`: the first one scripted for the route, if it takes effect there
   * (then it is used up); otherwise none, and it waits for a call that gets that far (a stream, for a streamFailure).
   */
  take(route: MockRoute, stage: Stage): MockFailure | undefined {
    const entry = this.#failures.find((f) => f.route === route);
    if (!entry || STAGES[entry.failure.kind] !== stage) return undefined;
    if (--entry.remaining === 0) this.#failures.splice(this.#failures.indexOf(entry), 1);
    return entry.failure;
  }

  /** Answers `request` (a fresh copy for each handler) with the first handler of `route` that answers; a `once` one goes then. */
  async answer(route: MockRoute, request: () => Request): Promise<Response | undefined> {
    for (const entry of this.#handlers.filter((handler) => handler.route === route)) {
      const response = await entry.handler(request());
      if (response === undefined) continue;
      if (entry.once) this.#handlers.splice(this.#handlers.indexOf(entry), 1);
      return response;
    }
    return undefined;
  }

  use(route: MockRoute, handler: MockHandler, once: boolean): void {
    if (typeof handler !== 'function') throw new TypeError('omnigate/testing: use() takes a function of the request');
    this.#handlers.push({ route, handler, once });
  }

  pending(): PendingFailure[] {
    return this.#failures.map((f) => ({ ...f }));
  }

  reset(): void {
    this.#failures = [];
    this.#handlers = [];
  }
}
