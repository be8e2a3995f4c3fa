// `omnigate mcp`, driven by the MCP SDK's own client, over stdio (the built command spawned) and over Streamable HTTP,
// against the faithful mock: one tool per allowed operation with its document-derived input schema, the read tools
// answered from the gateway, writes absent unless allowed, a 401 and a 429 as tool errors, and no key anywhere.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tools as documented } from '../../generated/tools.js';
import { createMockGateway, MOCK_ADMIN_KEY, type MockGateway } from '../../src/testing.js';

const root = resolve(import.meta.dirname, '../..');
const BIN = resolve(root, 'dist/bin.js');
let gw: MockGateway;
let url: string;
beforeAll(async () => {
  gw = createMockGateway({ rateLimitPerMin: 1000 });
  url = await gw.listen();
});
afterAll(() => gw.close());

const env = (extra: Record<string, string | undefined> = {}) =>
  ({ PATH: process.env.PATH, OMNIGATE_BASE_URL: url, OMNIGATE_API_KEY: gw.apiKey, ...extra }) as Record<string, string>;

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

/** An MCP client connected to `omnigate mcp ...args` over stdio; what the command wrote to stderr. */
async function overStdio(args: string[] = [], extra: Record<string, string | undefined> = {}) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', ...args], env: env(extra), stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => {
    stderr += d;
  });
  const client = new McpClient({ name: 'test', version: '1' });
  await client.connect(transport);
  open.push(() => client.close());
  return { client, stderr: () => stderr };
}

const text = (result: Record<string, unknown>) => (result.content as Array<{ text: string }>).map((c) => c.text).join('\n');

describe('omnigate mcp over stdio', () => {
  it('lists the read tools, each with its name, summary and input schema from the document; no write tool', async () => {
    const { client } = await overStdio();
    const { tools } = await client.listTools();
    const reads = documented.filter((t) => t.readOnly && !t.admin).map((t) => t.name);
    expect(tools.map((t) => t.name).sort()).toEqual([...reads].sort());
    for (const tool of tools) {
      const spec = documented.find((t) => t.name === tool.name)!;
      expect(tool.description).toBe(spec.description);
      expect(tool.inputSchema).toEqual(spec.inputSchema);
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
    expect(tools.map((t) => t.name)).not.toContain('chat');
    expect(tools.find((t) => t.name === 'metrics')!.inputSchema.properties).toHaveProperty('group_by');
  });

  it('answers every read tool from the gateway, as the wire objects', async () => {
    const { client } = await overStdio();
    for (const [name, args] of [
      ['health', {}],
      ['liveness', {}],
      ['readiness', {}],
      ['version', {}],
      ['me', {}],
      ['listModels', {}],
      ['getModel', { model_id: 'gpt-4o' }],
      ['metrics', { range: '24h', group_by: 'model' }],
      ['listApiKeys', {}],
    ] as const) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, `${name}: ${text(result)}`).toBeFalsy();
      expect(result.structuredContent, name).toBeTypeOf('object');
    }
    const me = await client.callTool({ name: 'me', arguments: {} });
    expect(me.structuredContent).toMatchObject({ project_name: 'Default', key_prefix: gw.apiKey.slice(0, 12) });
    const model = await client.callTool({ name: 'getModel', arguments: { model_id: 'gpt-4o' } });
    expect(model.structuredContent).toMatchObject({ id: 'gpt-4o', provider: 'openai' });
    const metrics = await client.callTool({ name: 'metrics', arguments: { range: '1h' } });
    expect(metrics.structuredContent).toMatchObject({ scope: 'project', granularity: 'minute' });
  });

  it('a wrong key and a rate limit are tool errors with their class, message and request id; no key in them', async () => {
    const { client, stderr } = await overStdio([], { OMNIGATE_API_KEY: 'llmg_WrongWrongWrongWrongWrongWrongWrongWrong0' });
    const refused = await client.callTool({ name: 'me', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({ error: { class: 'AuthError', statusCode: 401, requestId: expect.any(String) } });
    expect(text(refused)).toMatch(/^AuthError: GET \/v1\/me: 401 Invalid API key/);
    const { client: limited } = await overStdio(['--allow', 'chat']);
    gw.failNext('me', { kind: 'rateLimit', retryAfter: 0 }, 3);
    const slow = await limited.callTool({ name: 'me', arguments: {} });
    expect(slow.structuredContent).toMatchObject({ error: { class: 'RateLimitError', statusCode: 429 } });
    expect(JSON.stringify([refused, slow]) + stderr()).not.toContain('llmg_WrongWrong');
    expect(JSON.stringify(slow)).not.toContain(gw.apiKey);
  });

  it('writes only when allowed by name: then a chat answers, and a created key shows only as its prefix', async () => {
    const { client } = await overStdio(['--allow', 'chat,createApiKey,revokeApiKey']);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['chat', 'createApiKey', 'revokeApiKey']));
    expect(names).not.toContain('chatCompletions');
    const chat = await client.callTool({ name: 'chat', arguments: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } });
    expect(chat.structuredContent).toMatchObject({ content: 'echo: hi', provider: 'openai' });
    const created = await client.callTool({ name: 'createApiKey', arguments: { name: 'from-mcp' } });
    const made = created.structuredContent as { id: string; api_key: string; key_prefix: string; note: string };
    expect(made.api_key).toBe(`${made.key_prefix}…`);
    expect(made.note).toMatch(/not shown here/);
    expect(text(created)).not.toMatch(/llmg_[\w-]{20,}/);
    expect((await client.callTool({ name: 'revokeApiKey', arguments: { key_id: made.id } })).isError).toBeFalsy();
  });

  it('never takes a key as an argument: setProviderKey cannot be allowed; an unknown tool is refused; exit 2', async () => {
    for (const allow of ['setProviderKey', 'nope', 'createOrg']) {
      const run = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [BIN, 'mcp', '--allow', allow], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('close', (code) => done({ code, stderr }));
      });
      expect(run.code, allow).toBe(2);
      expect(run.stderr).toMatch(/^omnigate: InvalidArgumentError: allow: /);
    }
  });

  it('with the admin key, the admin API’s reads too (and its writes when allowed); the admin key never shows', async () => {
    const { client, stderr } = await overStdio(['--allow', 'createOrg'], { OMNIGATE_ADMIN_KEY: MOCK_ADMIN_KEY });
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['listOrgs', 'listProjects', 'orgMetrics', 'createOrg']));
    expect(names).not.toContain('createProject');
    const org = await client.callTool({ name: 'createOrg', arguments: { name: 'via-mcp', monthly_budget: 10 } });
    expect(org.structuredContent).toMatchObject({ name: 'via-mcp', monthly_budget: '10.0000' });
    const orgs = await client.callTool({ name: 'listOrgs', arguments: {} });
    expect(JSON.stringify(orgs.structuredContent)).toContain('via-mcp');
    expect(JSON.stringify([org, orgs]) + stderr()).not.toContain(MOCK_ADMIN_KEY);
  });
});

describe('omnigate mcp --http', () => {
  it('serves the same tools over Streamable HTTP on loopback', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', '--http', '--port', '0'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    open.push(async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/);
    const endpoint = /listening on (\S+)/.exec(out)![1]!;
    const client = new McpClient({ name: 'test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint)));
    open.push(() => client.close());
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('me');
    expect(names).not.toContain('chat');
    const me = await client.callTool({ name: 'me', arguments: {} });
    expect(me.structuredContent).toMatchObject({ project_name: 'Default' });
  });
});
