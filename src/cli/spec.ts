// A command defined once: its positional arguments, its flags (type, bounds, help), what it runs. Usage, help, the
// parser's configuration, the argument count check and typed flag values are all derived from the definition.
import type { ParseArgsConfig } from 'node:util';
import type { Context } from './commands.js';
import { UsageError } from './exit.js';

export interface FlagSpec {
  type: 'string' | 'number' | 'integer' | 'boolean';
  /** What the help and the usage line say of it. */
  help: string;
  /** The value's placeholder in the usage line (`USD`, `N`, `MODEL`); `VALUE` by default. */
  value?: string;
  short?: string;
  /** Refused when absent. */
  required?: true;
  /** Numbers: the bounds, inclusive. */
  min?: number;
  max?: number;
}
export type FlagSpecs = Record<string, FlagSpec>;

/** A flag's value as the command reads it: a string, a number (checked), or a boolean. */
export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]?: F[K]['type'] extends 'boolean' ? boolean : F[K]['type'] extends 'string' ? string : number;
};

/** A positional argument: `NAME` (required), `NAME?` (optional) or `NAME...` (any number). */
export type ArgSpec = `${string}` | `${string}?` | `${string}...`;

export interface CommandSpec<F extends FlagSpecs = FlagSpecs> {
  summary: string;
  args?: readonly ArgSpec[];
  /** What to say of an argument too many (never its value: it may be a key put in the wrong place). */
  extra?: string;
  flags?: F;
  run(ctx: Context, flags: FlagValues<F>): Promise<void>;
}

/** A command, its flags' types kept for `run`. */
export const command = <F extends FlagSpecs>(spec: CommandSpec<F>): CommandSpec => spec;

/** `chat [-m MODEL] [--system TEXT] [PROMPT...]`: the usage line, from the definition. */
export function usageOf(name: string, spec: CommandSpec): string {
  const flags = Object.entries(spec.flags ?? {}).map(([flag, f]) => {
    const form = `${f.short ? `-${f.short}` : `--${flag}`}${f.type === 'boolean' ? '' : ` ${f.value ?? 'VALUE'}`}`;
    return f.required ? form : `[${form}]`;
  });
  const defined = spec.args ?? [];
  const required = defined.filter((a) => !a.endsWith('?') && !a.endsWith('...'));
  const optional = defined.filter((a) => !required.includes(a)).map((a) => `[${a.replace(/\?$/, '')}]`);
  // `admin projects create NAME --org ORG [--rate-limit N]`, `chat [-m MODEL] [PROMPT...]`.
  return [name, ...required, ...flags, ...optional].join(' ');
}

/** One command's help: its summary, usage and each flag's help. */
export function helpOf(name: string, spec: CommandSpec, globals: FlagSpecs): string {
  const line = ([flag, f]: [string, FlagSpec]) =>
    `  --${flag}${f.short ? `, -${f.short}` : ''}${f.type === 'boolean' ? '' : ` ${f.value ?? 'VALUE'}`}`.padEnd(30) + f.help;
  const own = Object.entries(spec.flags ?? {});
  return [
    `Usage: omnigate ${usageOf(name, spec)}`,
    '',
    spec.summary,
    ...(own.length ? ['', 'Flags:', ...own.map(line)] : []),
    '',
    'Every command also takes:',
    ...Object.entries(globals).map(line),
    '',
  ].join('\n');
}

/** What node's parseArgs takes for these flags (numbers arrive as text and are parsed after). */
export function parserOptions(flags: FlagSpecs): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      { type: f.type === 'boolean' ? 'boolean' : 'string', ...(f.short && { short: f.short }) },
    ]),
  );
}

/** The flags' values, typed and checked: required ones present, numbers numbers within their bounds. */
export function flagValues<F extends FlagSpecs>(flags: F, raw: Record<string, unknown>): FlagValues<F> {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, f] of Object.entries(flags)) {
    const value = raw[name];
    if (value === undefined) {
      if (f.required) throw new UsageError(`expected --${name} ${f.value ?? 'VALUE'}`);
      continue;
    }
    out[name] =
      f.type === 'number' || f.type === 'integer' ? number(name, f, String(value)) : typeof value === 'boolean' ? value : String(value);
  }
  return out as FlagValues<F>;
}

/** The one number parser: a decimal (or whole) number within the flag's bounds. */
function number(name: string, f: FlagSpec, raw: string): number {
  const n = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
  const whole = f.type === 'integer';
  const bounds =
    f.min !== undefined && f.max !== undefined ? ` from ${f.min} to ${f.max}` : f.min !== undefined ? ` of ${f.min} or more` : '';
  if (Number.isNaN(n) || (whole && !Number.isInteger(n)) || (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
    throw new UsageError(`--${name} must be ${whole ? 'a whole number' : 'a number'}${bounds}, not ${JSON.stringify(raw)}`);
  }
  return n;
}

/** The positional arguments, checked against the definition's count. */
export function checkArgs(name: string, spec: CommandSpec, args: string[]): void {
  const defined = spec.args ?? [];
  const required = defined.filter((a) => !a.endsWith('?') && !a.endsWith('...'));
  const unbounded = defined.some((a) => a.endsWith('...'));
  if (args.length < required.length)
    throw new UsageError(`expected ${required.slice(args.length).join(' ')} (usage: omnigate ${usageOf(name, spec)})`);
  if (!unbounded && args.length > defined.length) {
    throw new UsageError(spec.extra ?? `one argument too many (usage: omnigate ${usageOf(name, spec)})`);
  }
}
