// `omnigate`: the gateway from a terminal. Node's own argument parser; the same environment variables as the
// client (flags win); --json on every command; colour and a spinner only on a terminal; one line per error and an
// exit code per error class.
import { parseArgs } from 'node:util';
import { AdminClient } from './admin.js';
import type { Context } from './cli/commands.js';
import { EXIT_CODES, exitCode, report, UsageError } from './cli/exit.js';
import type { Out } from './cli/output.js';
import { checkArgs, flagValues, helpOf, parserOptions, usageOf } from './cli/spec.js';
import { COMMANDS, GLOBAL } from './cli/table.js';
import { Client } from './client.js';
import { AbortError } from './errors/errors.js';
import { VERSION } from './version.js';

export function help(): string {
  const commands = Object.entries(COMMANDS).map(([name, c]) => `  omnigate ${usageOf(name, c)}`);
  const codes = EXIT_CODES.map(([code, what]) => `  ${String(code).padStart(3)}  ${what}`);
  return [
    `omnigate ${VERSION}: the OmniGate gateway from a terminal`,
    '',
    'Commands:',
    ...commands,
    '',
    "`omnigate COMMAND --help` gives a command's usage and flags. Every command takes --json (the answer as JSON,",
    'for scripts), --base-url URL, --timeout MS, --retries N, --user-id ID and --no-color. Keys come from the',
    'environment, never from flags: OMNIGATE_API_KEY (the gateway key), OMNIGATE_ADMIN_KEY (admin commands); also',
    'OMNIGATE_BASE_URL, OMNIGATE_USER_ID, OMNIGATE_MODEL.',
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

export interface Io {
  argv: string[];
  env: Record<string, string | undefined>;
  out: Omit<Out, 'color'>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

/** Runs one command line; resolves to the exit code. */
export async function main(io: Io): Promise<number> {
  // A first, loose look: the words that name the command, and the flags that say how to answer (--json, colour).
  const loose = parseArgs({ args: io.argv, options: parserOptions(GLOBAL), allowPositionals: true, strict: false });
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
    const [name] = commandOf(loose.positionals);
    const command = COMMANDS[name]!;
    if (loose.values.help) {
      out.stdout.write(helpOf(name, command, GLOBAL));
      return 0;
    }
    // Then the command's own flags and the global ones, nothing else: a flag of another command is unknown here.
    let raw: Record<string, unknown>;
    let args: string[];
    try {
      const strict = parseArgs({
        args: io.argv,
        options: parserOptions({ ...GLOBAL, ...command.flags }),
        allowPositionals: true,
        strict: true,
      });
      raw = strict.values;
      args = strict.positionals.slice(name.split(' ').length);
    } catch (err) {
      throw new UsageError(`${(err as Error).message.split('. ')[0]} (usage: omnigate ${usageOf(name, command)})`);
    }
    checkArgs(name, command, args);
    const global = flagValues(GLOBAL, raw);
    const flags = flagValues(command.flags ?? {}, raw);
    const shared = { baseURL: global['base-url'] ?? io.env.OMNIGATE_BASE_URL, timeout: global.timeout, retries: global.retries };
    // The SDK's log lines go to stderr: stdout is the answer (or, for `omnigate mcp`, the protocol).
    const line = (message: string, data?: object) => io.out.stderr.write(`${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`);
    const logger = { error: line, warn: line, info: line, debug: line };
    let client: Client | undefined;
    let adminClient: AdminClient | undefined;
    stop.signal.addEventListener('abort', () => {
      void client?.close();
      void adminClient?.close();
    });
    const ctx: Context = {
      args,
      out,
      json,
      client: () =>
        (client ??= new Client({
          ...shared,
          logger,
          apiKey: io.env.OMNIGATE_API_KEY,
          userId: global['user-id'] ?? io.env.OMNIGATE_USER_ID,
        })),
      admin: () => (adminClient ??= new AdminClient({ ...shared, logger, adminKey: io.env.OMNIGATE_ADMIN_KEY })),
      stdin: () => readAll(io.stdin),
      secret: (question) => ask(io, question),
      env: io.env,
      interrupted: stop.signal,
    };
    await command.run(ctx, flags);
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
