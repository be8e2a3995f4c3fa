/**
 * A Model Context Protocol server over the gateway: every operation of the document as a tool (its operationId, its
 * summary, its input schema, from generated/tools.ts), read-only ones by default, the rest only when allowed by name.
 * `@modelcontextprotocol/sdk` is an optional peer dependency: only this subpath loads it.
 *
 * ```ts
 * import { createMcpServer } from 'omnigate/mcp';
 * ```
 * @module omnigate/mcp
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import * as adminOperations from '../generated/admin-operations.js';
import * as operations from '../generated/operations.js';
import { tools as allTools } from '../generated/tools.js';
import type { AdminClient } from './admin.js';
import type { Client } from './client.js';
import { internals } from './core/internal.js';
import type { Operation } from './core/operation.js';
import { redactDeep } from './core/redact.js';
import { isObject } from './core/validate.js';
import { GatewayError, InvalidArgumentError } from './errors/errors.js';
import type { ToolSpec } from './mcp/spec.js';
import { VERSION } from './version.js';

export type { ToolSpec };

export interface McpServerOptions {
  /** The client the gateway's tools call through: its key, base URL, retries, timeouts and redirect rule. */
  client: Client;
  /** With an admin client, the admin API's read tools too (and its writes, when allowed). */
  admin?: AdminClient | undefined;
  /**
   * Tools that change or spend something, by name (`chat`, `createApiKey`, `createOrg`...): none by default. A tool
   * whose input is a key (`setProviderKey`) can never be allowed: no key is ever a tool's argument.
   */
  allow?: readonly string[] | undefined;
}

const OPERATIONS: Record<string, unknown> = { ...operations, ...adminOperations };
const NOTE = 'The full key is not shown here, and never will be: create keys you need in full with the command line or the SDK.';

/**
 * The tools a server with these options offers: the reads (the admin API's only with an admin client), and what is
 * allowed. Throws InvalidArgumentError for an unknown name, a tool that takes a key, or an admin tool without the key.
 * @example
 * ```ts
 * offeredTools({ allow: ['chat'] }).map((t) => t.name); // ['health', ..., 'me', 'listModels', ..., 'chat']
 * ```
 */
export function offeredTools(options: Pick<McpServerOptions, 'admin' | 'allow'>): ToolSpec[] {
  const allow = new Set(options.allow ?? []);
  for (const name of allow) {
    const spec = allTools.find((t) => t.name === name);
    if (!spec)
      throw new InvalidArgumentError(
        'allow',
        `no tool is named ${JSON.stringify(name)} (tools: ${allTools.map((t) => t.name).join(', ')})`,
      );
    if (spec.secret) {
      throw new InvalidArgumentError(
        'allow',
        `${name} takes a key, and no key is ever a tool's argument: use \`omnigate provider-key set\` or the SDK`,
      );
    }
    if (spec.admin && !options.admin) throw new InvalidArgumentError('allow', `${name} is the admin API's: it needs the admin key`);
  }
  return allTools.filter((t) => !t.secret && (!t.admin || options.admin) && (t.readOnly || allow.has(t.name)));
}

/**
 * An MCP server (the SDK's low-level `Server`) whose tools are the gateway's operations. Connect it to a transport:
 * `StdioServerTransport`, or `StreamableHTTPServerTransport` (the command line's `omnigate mcp [--http]` does both).
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { Client } from 'omnigate';
 * import { createMcpServer } from 'omnigate/mcp';
 *
 * const server = createMcpServer({ client: new Client(), allow: ['chat'] });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createMcpServer(options: McpServerOptions): Server {
  const tools = offeredTools(options);
  const server = new Server({ name: 'omnigate', version: VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: t.inputSchema,
      annotations: { readOnlyHint: t.readOnly, destructiveHint: !t.readOnly, openWorldHint: true },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const spec = tools.find((t) => t.name === request.params.name);
    if (!spec) return failure(new InvalidArgumentError('name', `no tool ${JSON.stringify(request.params.name)} here`));
    try {
      return answer(await call(spec, request.params.arguments ?? {}, options));
    } catch (err) {
      return failure(err);
    }
  });
  return server;
}

/** One tool's call: its arguments split into path, query and body as the document says, sent by the right client. */
async function call(spec: ToolSpec, args: Record<string, unknown>, options: McpServerOptions): Promise<unknown> {
  const params: { path: Record<string, unknown>; query: Record<string, unknown>; body?: Record<string, unknown> } = { path: {}, query: {} };
  for (const [name, value] of Object.entries(args)) {
    const where = spec.in[name];
    if (!where) throw new InvalidArgumentError(name, `not an argument of ${spec.name}`);
    if (where === 'body') params.body = { ...params.body, [name]: value };
    else params[where][name] = value;
  }
  // A tool answers whole: the chat routes are asked for JSON, never a stream.
  if (spec.name === 'chat' || spec.name === 'chatCompletions') params.body = { ...params.body, stream: false };
  else if (Object.values(spec.in).includes('body')) params.body ??= {};
  const caller = internals.get(spec.admin ? options.admin! : options.client)!;
  return caller.call(OPERATIONS[spec.name] as Operation, params as never, undefined);
}

/** A result as the wire object (structured) and a short text; a key in it shown as its prefix, with a note. */
function answer(value: unknown): CallToolResult {
  const keys: string[] = [];
  const shown = redactDeep(withoutKeys(value, keys), keys) as unknown;
  // A 204 (a key revoked, a provider key stored) has no body: an empty object, and a text that says so.
  const structured = isObject(shown) ? shown : shown === undefined ? {} : { result: shown };
  const text = shown === undefined ? 'done (the gateway answered with no content)' : JSON.stringify(shown);
  return {
    content: [{ type: 'text', text: `${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}${keys.length ? `\n${NOTE}` : ''}` }],
    structuredContent: keys.length ? { ...structured, note: NOTE } : structured,
  };
}

/** A copy with every `api_key` replaced by its first 12 characters and `…`; the keys are collected to scrub. */
function withoutKeys(value: unknown, keys: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys));
  if (!isObject(value)) return value;
  // A new project's key is not enumerable on the result: read it by name.
  const key = (value as { api_key?: unknown }).api_key;
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) out[name] = withoutKeys(v, keys);
  if (typeof key === 'string') {
    keys.push(key);
    out.api_key = `${key.slice(0, 12)}…`;
  }
  return out;
}

/** A failure as an MCP tool error: the typed error's class, message, status and request id (the client scrubbed keys). */
function failure(err: unknown): CallToolResult {
  const error = err instanceof GatewayError ? err : new GatewayError(String((err as Error)?.message ?? err));
  const { statusCode = null, requestId = null } = error as { statusCode?: number; requestId?: string | null };
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.name}: ${error.message}` }],
    structuredContent: { error: { class: error.name, message: error.message, statusCode, requestId } },
  };
}
