// `omnigate`: the gateway from a terminal. Node's own argument parser; the same environment variables as the
// client (flags win); --json on every command; colour and a spinner only on a terminal; one line per error and an
// exit code per error class.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AdminClient } from './admin.js';
import * as admin from './cli/admin-commands.js';
import * as cmd from './cli/commands.js';
import { EXIT_CODES, exitCode, report, UsageError } from './cli/exit.js';
import { mcp } from './cli/mcp.js';
import { mock } from './cli/mock.js';
import type { Out } from './cli/output.js';
import { Client } from './client.js';
import { AbortError } from './errors/errors.js';
import { VERSION } from './version.js';

type Options = NonNullable<ParseArgsConfig['options']>;
const text = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

const GLOBAL: Options = {
  'base-url': text,
  timeout: text,
  retries: text,
  'user-id': text,
  json: flag,
  'no-color': flag,
  help: { ...flag, short: 'h' },
  version: { ...flag, short: 'v' },
};
const METRICS: Options = { range: text, from: text, to: text, 'group-by': text, granularity: text };
const BUDGETS: Options = { 'daily-budget': text, 'monthly-budget': text };

interface Command {
  usage: string;
  options?: Options;
  run: (ctx: cmd.Context) => Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  chat: {
    usage:
      'chat [-m MODEL] [--system TEXT] [--temperature T] [--max-tokens N] [--no-stream] [PROMPT...]  (PROMPT from stdin when left out)',
    options: { model: { ...text, short: 'm' }, system: text, temperature: text, 'max-tokens': text, 'no-stream': flag },
    run: cmd.chat,
  },
  signup: {
    usage: 'signup --email EMAIL [--org NAME] [--project NAME]',
    options: { email: text, org: text, project: text },
    run: cmd.signup,
  },
  me: { usage: 'me', run: cmd.me },
  health: { usage: 'health', run: cmd.health },
  'keys list': { usage: 'keys list', run: cmd.keysList },
  'keys create': { usage: 'keys create NAME', run: cmd.keysCreate },
  'keys revoke': { usage: 'keys revoke ID', run: cmd.keysRevoke },
  'provider-key set': {
    usage: 'provider-key set PROVIDER [--endpoint URL --deployment NAME [--api-version V]]  (the key from stdin or a prompt)',
    options: { endpoint: text, deployment: text, 'api-version': text },
    run: cmd.providerKeySet,
  },
  models: { usage: 'models', run: cmd.models },
  model: { usage: 'model ID', run: cmd.model },
  metrics: {
    usage: 'metrics [--range 1h|24h|7d|30d | --from T [--to T]] [--group-by G] [--granularity G]',
    options: METRICS,
    run: cmd.metrics,
  },
  'admin orgs list': { usage: 'admin orgs list', run: admin.orgsList },
  'admin orgs create': {
    usage: 'admin orgs create NAME [--daily-budget USD] [--monthly-budget USD]',
    options: BUDGETS,
    run: admin.orgsCreate,
  },
  'admin projects list': { usage: 'admin projects list [--org ORG]', options: { org: text }, run: admin.projectsList },
  'admin projects create': {
    usage: 'admin projects create NAME --org ORG [--rate-limit N] [--daily-budget USD] [--monthly-budget USD]',
    options: { org: text, 'rate-limit': text, ...BUDGETS },
    run: admin.projectsCreate,
  },
  'admin metrics': { usage: 'admin metrics ORG [the metrics flags]', options: METRICS, run: admin.orgMetrics },
  mcp: {
    usage: 'mcp [--allow TOOL,...] [--http [--port N]]  (the gateway as MCP tools, over stdio or Streamable HTTP on 127.0.0.1)',
    options: { allow: text, http: flag, port: text },
    run: mcp,
  },
  mock: {
    usage: 'mock [--port N]  (the faithful mock gateway on 127.0.0.1 until Ctrl-C; prints its URL and keys)',
    options: { port: text },
    run: mock,
  },
};

export function help(): string {
  const commands = Object.values(COMMANDS).map((c) => `  omnigate ${c.usage}`);
  const codes = EXIT_CODES.map(([code, what]) => `  ${String(code).padStart(3)}  ${what}`);
  return [
    `omnigate ${VERSION}: the OmniGate gateway from a terminal`,
    '',
    'Commands:',
    ...commands,
    '',
    'Every command takes --json (the answer as JSON, for scripts), --base-url URL, --timeout MS, --retries N,',
    '--user-id ID and --no-color. Keys come from the environment, never from flags: OMNIGATE_API_KEY (the',
    'gateway key), OMNIGATE_ADMIN_KEY (admin commands); also OMNIGATE_BASE_URL, OMNIGATE_USER_ID, OMNIGATE_MODEL.',
    '',
    'Exit codes:',
    '    0  success',
    ...codes,
    '',
  ].join('\n');
}

/** The command a line names (its first words), or a UsageError naming the one word that is not one, and the nearest. */
function commandOf(positionals: string[]): [name: string, rest: string[]] {
  const names = Object.keys(COMMANDS);
  let path = '';
  for (const [i, word] of positionals.entries()) {
    const name = path ? `${path} ${word}` : word;
    if (COMMANDS[name]) return [name, positionals.slice(i + 1)];
    if (!names.some((n) => n.startsWith(`${name} `))) {
      // The words that could come here: `chatt` is compared with `chat`, `orgz` (after `admin`) with `orgs`.
      const next = [...new Set(names.filter((n) => !path || n.startsWith(`${path} `)).map((n) => n.split(' ')[i]!))];
      const near = next
        .filter((w) => distance(w, word) <= Math.max(1, Math.floor(w.length / 3)))
        .sort((a, b) => distance(a, word) - distance(b, word))[0];
      const suggestion = near ? `; did you mean \`omnigate ${path ? `${path} ` : ''}${near}\`?` : ` (one of: ${next.join(', ')})`;
      throw new UsageError(`unknown command ${JSON.stringify(name)}${suggestion}`);
    }
    path = name;
  }
  const more = names.filter((n) => n.startsWith(`${path} `)).map((n) => `omnigate ${n}`);
  throw new UsageError(`${JSON.stringify(path)} needs a subcommand: ${more.join(', ')}`);
}

/** Edit distance (insertions, deletions, substitutions): how far a typo is from a command. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** One command's help: its usage and its own flags, then the flags every command takes. */
function commandHelp(name: string): string {
  const { usage, options = {} } = COMMANDS[name]!;
  const flags = Object.entries(options).map(
    ([flag, o]) => `  --${flag}${o.short ? `, -${o.short}` : ''}${o.type === 'string' ? ' VALUE' : ''}`,
  );
  return [
    `Usage: omnigate ${usage}`,
    ...(flags.length ? ['', 'Flags:', ...flags] : []),
    '',
    'Every command also takes --json, --base-url URL, --timeout MS, --retries N, --user-id ID, --no-color and --help.',
    'omnigate --help lists the commands, the environment and the exit codes.',
    '',
  ].join('\n');
}

export interface Io {
  argv: string[];
  env: Record<string, string | undefined>;
  out: Omit<Out, 'color'>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

/** Runs one command line; resolves to the exit code. */
export async function main(io: Io): Promise<number> {
  const all: Options = { ...GLOBAL };
  for (const c of Object.values(COMMANDS)) Object.assign(all, c.options);
  const loose = parseArgs({ args: io.argv, options: all, allowPositionals: true, strict: false });
  const json = loose.values.json === true;
  const color = !loose.values['no-color'] && !io.env.NO_COLOR && !!io.out.stdout.isTTY;
  const out: Out = { ...io.out, color };
  const stop = new AbortController();
  const onSignal = () => stop.abort(new AbortError('interrupted (Ctrl-C)'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (loose.values.version) {
      out.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (loose.positionals.length === 0) {
      out.stdout.write(help());
      return loose.values.help ? 0 : 2;
    }
    const [name, args] = commandOf(loose.positionals);
    if (loose.values.help) {
      out.stdout.write(commandHelp(name));
      return 0;
    }
    const command = COMMANDS[name]!;
    let values: Record<string, string | boolean | undefined>;
    try {
      values = parseArgs({ args: io.argv, options: { ...GLOBAL, ...command.options }, allowPositionals: true, strict: true })
        .values as Record<string, string | boolean | undefined>;
    } catch (err) {
      throw new UsageError(`${(err as Error).message.split('. ')[0]} (usage: omnigate ${command.usage})`);
    }
    const count = (flagName: string) => {
      const raw = values[flagName] as string | undefined;
      if (raw !== undefined && !/^\d+$/.test(raw)) throw new UsageError(`--${flagName} must be a whole number, not ${JSON.stringify(raw)}`);
      return raw === undefined ? undefined : Number(raw);
    };
    const shared = {
      baseURL: (values['base-url'] as string | undefined) ?? io.env.OMNIGATE_BASE_URL,
      timeout: count('timeout'),
      retries: count('retries'),
    };
    // The SDK's log lines go to stderr: stdout is the answer (or, for `omnigate mcp`, the protocol).
    const line = (message: string, data?: object) => io.out.stderr.write(`${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`);
    const logger = { error: line, warn: line, info: line, debug: line };
    let client: Client | undefined;
    let adminClient: AdminClient | undefined;
    stop.signal.addEventListener('abort', () => {
      void client?.close();
      void adminClient?.close();
    });
    const ctx: cmd.Context = {
      args,
      values,
      out,
      json,
      client: () =>
        (client ??= new Client({
          ...shared,
          logger,
          apiKey: io.env.OMNIGATE_API_KEY,
          userId: (values['user-id'] as string | undefined) ?? io.env.OMNIGATE_USER_ID,
        })),
      admin: () => (adminClient ??= new AdminClient({ ...shared, logger, adminKey: io.env.OMNIGATE_ADMIN_KEY })),
      stdin: () => readAll(io.stdin),
      secret: (question) => ask(io, question),
      env: io.env,
      interrupted: stop.signal,
    };
    await command.run(ctx);
    return 0;
  } catch (err) {
    // Ctrl-C closed the clients: the call's own "the client is closed" is not what happened.
    const failure = stop.signal.aborted ? stop.signal.reason : err;
    report(out, failure, json);
    return exitCode(failure);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** All of stdin when something is piped in; undefined on a terminal. */
async function readAll(stdin: Io['stdin']): Promise<string | undefined> {
  if (stdin.isTTY) return undefined;
  let data = '';
  for await (const chunk of stdin) data += chunk;
  return data;
}

/** A line typed at the terminal, not echoed. */
async function ask(io: Io, question: string): Promise<string | undefined> {
  const { stdin } = io;
  if (!stdin.isTTY || !stdin.setRawMode) return undefined;
  io.out.stderr.write(question);
  stdin.setRawMode(true);
  let line = '';
  try {
    for await (const chunk of stdin) {
      for (const c of String(chunk)) {
        if (c === '\r' || c === '\n') return line;
        if (c === '\u0003') throw new AbortError('interrupted');
        line = c === '\u007f' ? line.slice(0, -1) : line + c;
      }
    }
    return line;
  } finally {
    stdin.setRawMode(false);
    io.out.stderr.write('\n');
  }
}
