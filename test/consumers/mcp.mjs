// omnigate/mcp from the installed tarball, with the MCP SDK beside it: the server's tools listed and one called
// through the SDK's in-memory transport, against the stand-in gateway.
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Client } from 'omnigate';
import { createMcpServer } from 'omnigate/mcp';

const server = createMcpServer({ client: new Client({ baseURL: process.argv[2], retries: 0 }) });
const [forClient, forServer] = InMemoryTransport.createLinkedPair();
await server.connect(forServer);
const client = new McpClient({ name: 'consumer', version: '1' });
await client.connect(forClient);
const { tools } = await client.listTools();
const health = await client.callTool({ name: 'health', arguments: {} });
console.log(JSON.stringify({ tools: tools.length > 5, health: health.structuredContent.status }));
await client.close();
