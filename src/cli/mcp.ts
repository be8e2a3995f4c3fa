// `omnigate mcp`: the gateway as MCP tools (omnigate/mcp) for an assistant, over stdio or, with --http, Streamable HTTP
// on 127.0.0.1. Configured by the environment, as every command is; the protocol owns stdout in stdio mode, so every
// log line goes to stderr.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from './commands.js';
import { UsageError } from './exit.js';
import { portFlag } from './mock.js';
import type { FlagSpecs, FlagValues } from './spec.js';

export const mcpFlags = {
  allow: { type: 'string', value: 'TOOL,...', help: 'tools that change or spend something, by name (none by default)' },
  http: { type: 'boolean', help: 'Streamable HTTP on 127.0.0.1 instead of stdio' },
  port: { ...portFlag, help: 'with --http: the port (0: a free one)' },
} satisfies FlagSpecs;

export async function mcp(ctx: Context, flags: FlagValues<typeof mcpFlags>): Promise<void> {
  const allow = (flags.allow ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (flags.port !== undefined && !flags.http) throw new UsageError('--port goes with --http');
  // Loaded here: the other commands never load the MCP SDK.
  const { createMcpServer, offeredTools } = await import('../mcp.js');
  const options = { client: ctx.client(), admin: ctx.env.OMNIGATE_ADMIN_KEY ? ctx.admin() : undefined, allow };
  const tools = offeredTools(options); // a bad --allow is refused before anything starts
  ctx.out.stderr.write(`omnigate mcp: ${tools.length} tools: ${tools.map((t) => t.name).join(', ')}\n`);
  if (!flags.http) {
    const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
    const server = createMcpServer(options);
    await server.connect(new StdioServerTransport());
    await new Promise<void>((resolve) => {
      server.onclose = resolve;
      process.stdin.once('end', resolve);
      ctx.interrupted.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return;
  }
  const { createServer } = await import('node:http');
  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
  // Stateless: each request gets its own server and transport, as the SDK's stateless example does.
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') return void res.writeHead(404).end();
    const server = createMcpServer(options);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
  const http = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      ctx.out.stderr.write(`omnigate mcp: ${(err as Error).message}\n`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => http.once('error', reject).listen(flags.port ?? 0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  ctx.out.stdout.write(`omnigate mcp listening on http://127.0.0.1:${port}/mcp (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => ctx.interrupted.addEventListener('abort', () => resolve(), { once: true }));
  await new Promise<void>((resolve) => {
    http.close(() => resolve());
    http.closeAllConnections();
  });
}
