// What the generated tools table (generated/tools.ts) says of each operation, for omnigate/mcp.

/** One operation as an MCP tool, derived from the document by scripts/generate.mjs. */
export interface ToolSpec {
  /** The operationId. */
  name: string;
  /** The operation's summary. */
  description: string;
  /** A GET: it reads and changes nothing. */
  readOnly: boolean;
  /** Part of the admin API (the admin key, not a gateway key). */
  admin: boolean;
  /** Its input holds a secret (a provider key): never offered as a tool, since no key is ever a tool's argument. */
  secret: boolean;
  /** Where each argument goes: a path parameter, a query parameter or a field of the JSON body. */
  in: Record<string, 'path' | 'query' | 'body'>;
  /** The arguments, as one JSON Schema object. */
  inputSchema: { type: 'object'; properties: Record<string, object>; required?: string[]; additionalProperties: false };
}
