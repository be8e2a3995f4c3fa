// What a person sees: `omnigate chat` and `omnigate metrics` in a real terminal (tmux, from Debian's packages),
// the screen read back: the answer as it streamed, no spinner left behind, aligned tables, the chart, colour on a
// terminal and none with NO_COLOR.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.js';
import { createMockGateway, type MockGateway } from '../../src/testing.js';

const run = promisify(execFile);
const TMUX = process.env.TMUX_PATH ?? '/usr/bin/tmux';
const BIN = resolve(import.meta.dirname, '../../dist/bin.js');
const socket = `omnigate-test-${process.pid}`;
const tmux = (...args: string[]) =>
  run(TMUX, ['-L', socket, '-f', '/dev/null', ...args], { env: { ...process.env, TERM: 'xterm-256color' } });

let gw: MockGateway;
let url: string;
beforeAll(async () => {
  if (!existsSync(TMUX)) throw new Error(`${TMUX} is missing: apt-get install tmux (npm test's setup does), or set TMUX_PATH`);
  gw = createMockGateway({ streamPace: 20, reply: (m) => `echo: ${m.at(-1)?.content} and a little more` });
  url = await gw.listen();
});
afterAll(async () => {
  await tmux('kill-server').catch(() => {});
  await gw?.close();
});

let sessions = 0;
/** Runs `omnigate ...args` in a fresh 100×30 tmux window; resolves to the screen (plain, and with its colours) once it exits. */
async function onScreen(args: string[], env: Record<string, string> = {}): Promise<{ plain: string; styled: string }> {
  const name = `s${++sessions}`;
  const vars = { OMNIGATE_BASE_URL: url, OMNIGATE_API_KEY: gw.apiKey, ...env };
  const line = ['node', BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  await tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    '100',
    '-y',
    '30',
    ...Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    `${line}; echo "[exit $?]"; sleep 120`,
  );
  let plain = '';
  for (let i = 0; i < 200 && !/\[exit \d+\]/.test(plain); i++) {
    await new Promise((r) => setTimeout(r, 50));
    plain = (await tmux('capture-pane', '-p', '-t', name)).stdout;
  }
  const styled = (await tmux('capture-pane', '-p', '-e', '-t', name)).stdout;
  await tmux('kill-session', '-t', name);
  return { plain, styled };
}

describe('in a terminal', () => {
  it('omnigate chat: the answer as it streamed, on its own line, and no spinner left behind', async () => {
    const { plain } = await onScreen(['chat', 'hello', 'there']);
    expect(plain.trimEnd().split('\n')).toEqual(['echo: hello there and a little more', '[exit 0]']);
    expect(plain).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });

  it('omnigate chat --no-stream: the answer, then its facts dimmed; NO_COLOR turns colour off', async () => {
    const { plain, styled } = await onScreen(['chat', '--no-stream', 'hi']);
    expect(plain).toMatch(/^echo: hi and a little more\nopenai\/gpt-4o-mini · \d+ tokens · \$0\.\d{6} · request [0-9a-f-]{36}\n\[exit 0\]/);
    expect(styled).toContain('\u001b[2m');
    const bare = await onScreen(['chat', '--no-stream', 'hi'], { NO_COLOR: '1' });
    expect(bare.styled).not.toContain('\u001b[');
  });

  it('omnigate metrics: the totals, an aligned breakdown and the chart, in colour', async () => {
    const client = new Client({ fetch: gw.fetch, baseURL: gw.url, apiKey: gw.apiKey });
    await client.chat({ model: 'gpt-4o-mini', messages: 'one' });
    await client.chat({ model: 'gpt-4', messages: 'two' });
    await client.chat({ model: 'gpt-4', messages: 'three' });
    const { plain, styled } = await onScreen(['metrics', '--range', '1h', '--group-by', 'model']);
    const lines = plain.split('\n');
    const header = lines.findIndex((l) => /^model +requests +tokens +cost +errors$/.test(l));
    expect(header).toBeGreaterThan(0);
    // The columns line up: each row's cost starts where the header's does.
    const costAt = lines[header]!.indexOf('cost');
    for (const row of lines.slice(header + 2, header + 4)) expect(row.indexOf('$')).toBe(costAt);
    expect(
      lines
        .slice(header + 2, header + 4)
        .map((l) => l.split(/ +/)[0])
        .sort(),
    ).toEqual(['gpt-4', 'gpt-4o-mini']);
    const chart = lines.indexOf('requests and cost per minute');
    expect(lines[chart + 1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d {2}█+ +\d+ {2}\$0\.\d{6}$/);
    expect(lines.some((l) => /^requests +\d+$/.test(l))).toBe(true);
    expect(styled).toContain('\u001b[36m█');
    expect(plain).toContain('[exit 0]');
  });
});
