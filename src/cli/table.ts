// Every command by its words: its summary, arguments, flags (defined beside what it runs) and run; src/cli/spec.ts
// derives usage, help, parsing and checks from these.
import * as admin from './admin-commands.js';
import * as cmd from './commands.js';
import { mcp, mcpFlags } from './mcp.js';
import { mock, mockFlags } from './mock.js';
import { type CommandSpec, command, type FlagSpecs } from './spec.js';

/** The flags every command takes. */
export const GLOBAL = {
  json: { type: 'boolean', help: 'the answer (or the error) as JSON, for scripts' },
  'base-url': { type: 'string', value: 'URL', help: 'the gateway (default: OMNIGATE_BASE_URL, else http://localhost:8000)' },
  timeout: { type: 'integer', value: 'MS', min: 1, help: 'milliseconds an attempt may take' },
  retries: { type: 'integer', value: 'N', min: 0, help: 'retries after the first attempt' },
  'user-id': { type: 'string', value: 'ID', help: 'the end user to attribute cost to (default: OMNIGATE_USER_ID)' },
  'no-color': { type: 'boolean', help: 'no colour (NO_COLOR does the same)' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
  version: { type: 'boolean', short: 'v', help: 'the version' },
} satisfies FlagSpecs;

export const COMMANDS: Record<string, CommandSpec> = {
  chat: command({
    summary: 'A chat completion, streamed to the terminal as it arrives (the prompt from stdin when left out).',
    args: ['PROMPT...'],
    flags: cmd.chatFlags,
    run: cmd.chat,
  }),
  signup: command({
    summary: 'Creates an organisation, a project and its first gateway key (shown once).',
    flags: cmd.signupFlags,
    run: cmd.signup,
  }),
  me: command({ summary: 'The calling project, its limits and configured providers.', run: cmd.me }),
  health: command({ summary: 'Whether the gateway is up, and its version.', run: cmd.health }),
  'keys list': command({ summary: 'The project’s named gateway keys.', run: cmd.keysList }),
  'keys create': command({ summary: 'Another gateway key (shown once).', args: ['NAME'], run: cmd.keysCreate }),
  'keys revoke': command({ summary: 'Revokes a gateway key.', args: ['ID'], run: cmd.keysRevoke }),
  'provider-key set': command({
    summary: 'Stores a provider key, encrypted: the key from stdin or a prompt that does not echo, never an argument.',
    args: ['PROVIDER'],
    extra: 'the provider key is read from stdin or a prompt, never from an argument',
    flags: cmd.providerKeyFlags,
    run: cmd.providerKeySet,
  }),
  models: command({ summary: 'The models the gateway routes, with their prices.', run: cmd.models }),
  model: command({ summary: 'One model card.', args: ['ID'], run: cmd.model }),
  metrics: command({
    summary: 'The project’s totals, a breakdown as a table and requests over time as a chart.',
    flags: cmd.windowFlags,
    run: cmd.metrics,
  }),
  'admin orgs list': command({ summary: 'Every organisation.', run: admin.orgsList }),
  'admin orgs create': command({
    summary: 'An organisation, with its budgets.',
    args: ['NAME'],
    flags: admin.budgetFlags,
    run: admin.orgsCreate,
  }),
  'admin projects list': command({
    summary: 'Projects, of one organisation or of all.',
    flags: admin.projectsListFlags,
    run: admin.projectsList,
  }),
  'admin projects create': command({
    summary: 'A project and its gateway key (shown once).',
    args: ['NAME'],
    flags: admin.projectsCreateFlags,
    run: admin.projectsCreate,
  }),
  'admin metrics': command({ summary: 'An organisation’s metrics.', args: ['ORG'], flags: cmd.windowFlags, run: admin.orgMetrics }),
  mcp: command({
    summary: 'The gateway as MCP tools for an assistant, over stdio, or Streamable HTTP on 127.0.0.1 with --http.',
    flags: mcpFlags,
    run: mcp,
  }),
  mock: command({
    summary: 'The faithful mock gateway on 127.0.0.1 until Ctrl-C; prints its URL and keys.',
    flags: mockFlags,
    run: mock,
  }),
};
