// The built `omnigate` command (dist/bin.js), spawned as a user runs it, against the mock gateway on loopback:
// every command, --json parsed, an exit code per error class, and an operator's whole day from the command line.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockGateway, MOCK_ADMIN_KEY, type MockGateway } from '../../src/testing.js';
import { closedPort } from '../support/server.js';

const root = resolve(import.meta.dirname, '../..');
const BIN = resolve(root, 'dist/bin.js');

let gw: MockGateway;
let url: string;
beforeAll(async () => {
  gw = createMockGateway({ rateLimitPerMin: 1000 });
  url = await gw.listen();
});
afterAll(() => gw.close());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `omnigate ...args` with the gateway's URL and key in its environment (`env` over them), `input` on stdin. */
function omnigate(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string; signalAfter?: number } = {},
): Promise<Run> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    OMNIGATE_BASE_URL: url,
    OMNIGATE_API_KEY: gw.apiKey,
    OMNIGATE_ADMIN_KEY: MOCK_ADMIN_KEY,
    ...options.env,
  };
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end(options.input ?? '');
    if (options.signalAfter !== undefined) setTimeout(() => child.kill('SIGINT'), options.signalAfter);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
const json = (run: Run) => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

describe('an operator’s day, from the command line alone', () => {
  it('creates an organisation and a project, stores a provider key, chats with the new key, and sees the spend', async () => {
    const org = json(await omnigate(['admin', 'orgs', 'create', 'acme', '--monthly-budget', '100', '--json']));
    expect(org).toMatchObject({ name: 'acme', monthly_budget: '100.0000' });
    const project = json(await omnigate(['admin', 'projects', 'create', 'web', '--org', org.id, '--rate-limit', '120', '--json']));
    expect(project).toMatchObject({ org_id: org.id, rate_limit_per_min: 120, api_key: expect.stringMatching(/^llmg_/) });
    const asProject = { OMNIGATE_API_KEY: project.api_key };
    const stored = await omnigate(['provider-key', 'set', 'openai'], { env: asProject, input: 'sk-test-12345678\n' });
    expect(stored).toEqual({ code: 0, stdout: 'stored the openai key\n', stderr: '' });
    const chat = await omnigate(['chat', 'Hello', 'there'], { env: asProject });
    expect(chat).toEqual({ code: 0, stdout: 'echo: Hello there\n', stderr: '' });
    const spend = await omnigate(['admin', 'metrics', org.id, '--range', '1h', '--group-by', 'model'], {});
    expect(spend.code).toBe(0);
    expect(spend.stdout).toMatch(/^requests +1$/m);
    // "Hello there": 11 tokens in, "echo: Hello there" 4 out; (11 × 0.00015 + 4 × 0.0006) / 1000, to six places.
    expect(spend.stdout).toMatch(/^cost +\$0\.000004$/m);
    expect(spend.stdout).toMatch(/^gpt-4o-mini +1 +15 +\$0\.000004 +0\.0%$/m);
    expect(spend.stdout).toMatch(/requests and cost per minute\n\d{4}-\d\d-\d\d \d\d:\d\d +█+ +1 +\$0\.000004/);
    const projects = json(await omnigate(['admin', 'projects', 'list', '--org', org.id, '--json']));
    expect(projects).toEqual([expect.objectContaining({ id: project.id, name: 'web' })]);
    expect(projects[0]).not.toHaveProperty('api_key');
  });
});

describe('every command, for people and with --json', () => {
  it('chat: streamed, whole (--no-stream, with its facts), from stdin, with a system prompt; --json is the ChatResponse', async () => {
    expect((await omnigate(['chat', '-m', 'gpt-4o-mini', 'hi'])).stdout).toBe('echo: hi\n');
    const whole = await omnigate(['chat', '--no-stream', 'hi']);
    expect(whole.stdout).toMatch(/^echo: hi\nopenai\/gpt-4o-mini · 13 tokens · \$0\.000003 · request [0-9a-f-]{36}\n$/);
    expect((await omnigate(['chat'], { input: 'from a pipe\n' })).stdout).toBe('echo: from a pipe\n');
    const data = json(await omnigate(['chat', '--system', 'be brief', '--json', 'hi']));
    expect(data).toMatchObject({ content: 'echo: hi', provider: 'openai', usage: { total_tokens: 19 } });
    expect(gw.requests.at(-1)!.body).toMatchObject({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('signup, me, health, models, model', async () => {
    const account = json(
      await omnigate(['signup', '--email', 'dev@example.com', '--org', 'Acme', '--json'], { env: { OMNIGATE_API_KEY: undefined } }),
    );
    expect(account).toMatchObject({ email: 'dev@example.com', api_key: expect.stringMatching(/^llmg_/) });
    const human = await omnigate(['signup', '--email', 'ops@example.com'], { env: { OMNIGATE_API_KEY: undefined } });
    expect(human.stdout).toMatch(/^api key +llmg_[\w-]{43}\nStore the api key now: it is shown this once\.\n$/m);
    expect(json(await omnigate(['me', '--json']))).toMatchObject({ project_name: 'Default', configured_providers: ['openai'] });
    expect((await omnigate(['me'])).stdout).toMatch(/^rate limit +1000 \/ min$/m);
    expect((await omnigate(['health'])).stdout).toBe('ok (gateway 0.2.0)\n');
    expect(json(await omnigate(['health', '--json']))).toEqual({ status: 'ok', version: '0.2.0' });
    expect((await omnigate(['models'])).stdout).toMatch(/^gpt-4o-mini +openai +0\.00015 +0\.0006$/m);
    expect(json(await omnigate(['models', '--json']))).toHaveLength(28);
    expect(json(await omnigate(['model', 'gpt-4o', '--json']))).toMatchObject({ id: 'gpt-4o', provider: 'openai' });
  });

  it('keys: create (the key shown once), list, revoke', async () => {
    const key = json(await omnigate(['keys', 'create', 'ci', '--json']));
    expect(key).toMatchObject({ name: 'ci', api_key: expect.stringMatching(/^llmg_/) });
    expect((await omnigate(['keys', 'list'])).stdout).toMatch(new RegExp(`^${key.id} +ci +${key.key_prefix}…`, 'm'));
    expect((await omnigate(['keys', 'revoke', key.id])).stdout).toBe(`revoked ${key.id}\n`);
    expect(json(await omnigate(['keys', 'list', '--json'])).find((k: { id: string }) => k.id === key.id).revoked_at).not.toBeNull();
  });

  it('metrics: totals, the breakdown, the chart; --json is the MetricsResponse', async () => {
    const human = await omnigate(['metrics', '--range', '24h', '--group-by', 'status']);
    expect(human.stdout).toMatch(/^status +requests +tokens +cost +errors$/m);
    expect(human.stdout).toMatch(/^requests and cost per hour$/m);
    expect(json(await omnigate(['metrics', '--json', '--range', '7d']))).toMatchObject({ scope: 'project', granularity: 'day' });
    expect(json(await omnigate(['admin', 'orgs', 'list', '--json'])).length).toBeGreaterThan(1);
  });
});

describe('exit codes, one per error class, and one line on stderr', () => {
  it.each([
    ['AuthError', 3, ['me'], { OMNIGATE_API_KEY: 'llmg_NotAKeyNotAKeyNotAKeyNotAKeyNotAKeyNotAKey0' }, undefined],
    [
      'BudgetExceededError',
      4,
      ['chat', 'hi'],
      {},
      () => gw.failNext('chat', { kind: 'answer', status: 402, body: { detail: 'Project daily budget exceeded' } }),
    ],
    ['RateLimitError', 5, ['--retries', '0', 'chat', 'hi'], {}, () => gw.failNext('chat', { kind: 'rateLimit', retryAfter: 9 })],
    ['ProviderError', 6, ['--retries', '0', 'chat', '--no-stream', 'hi'], {}, () => gw.failNext('chat', { kind: 'provider', status: 500 })],
    ['UnknownModelError', 8, ['model', 'gpt-9'], {}, undefined],
    ['APIError', 8, ['me'], {}, () => gw.failNext('me', { kind: 'answer', status: 404, body: { detail: 'Not Found' } })],
    ['ResponseValidationError', 9, ['me'], {}, () => gw.failNext('me', { kind: 'answer', status: 200, body: { project_id: 1 } })],
  ] as const)('%s: exit %i', async (name, code, args, env, script) => {
    script?.();
    const run = await omnigate([...args], { env });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^omnigate: ${name}: .+\\n$`));
    expect(run.stderr).not.toContain(gw.apiKey);
  });

  it('a rate limit says when to retry; --json reports the error as one object on stdout', async () => {
    gw.failNext('chat', { kind: 'rateLimit', retryAfter: 9 });
    expect((await omnigate(['--retries', '0', 'chat', 'hi'])).stderr).toMatch(/\(retry after 9 s\)\n$/);
    gw.failNext('me', { kind: 'answer', status: 404, body: { detail: 'gone' }, headers: { 'x-request-id': 'r-1' } });
    const run = await omnigate(['me', '--json']);
    expect(run.code).toBe(8);
    expect(JSON.parse(run.stdout)).toEqual({
      error: expect.objectContaining({ name: 'APIError', statusCode: 404, detail: 'gone', requestId: 'r-1' }),
    });
  });

  it('ConnectionError: exit 7', async () => {
    const run = await omnigate(['--retries', '0', 'health'], { env: { OMNIGATE_BASE_URL: await closedPort() } });
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/^omnigate: ConnectionError: GET \/health: could not reach/);
  });

  it('usage: unknown commands and flags, missing arguments, a provider key given as an argument: exit 2', async () => {
    for (const args of [
      ['bogus'],
      ['me', '--bogus'],
      ['keys', 'revoke'],
      ['chat', '--temperature', 'hot', 'hi'],
      ['provider-key', 'set', 'openai', 'sk-secret-123'],
    ]) {
      const run = await omnigate(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^omnigate: (UsageError|InvalidArgumentError): /);
      expect(run.stderr).not.toContain('sk-secret-123');
    }
    expect((await omnigate(['provider-key', 'set', 'openai', 'sk-secret-123'])).stderr).toContain('never from an argument');
  });

  it('interrupted (Ctrl-C): exit 130, no key printed', async () => {
    gw.failNext('chat', { kind: 'hang' });
    const run = await omnigate(['chat', '--no-stream', 'hi'], { signalAfter: 500 });
    expect(run.code).toBe(130);
    expect(run.stderr).toBe('omnigate: AbortError: interrupted (Ctrl-C)\n');
  });

  it('--help lists every command and the exit codes; no arguments prints it and exits 2', async () => {
    const run = await omnigate(['--help']);
    expect(run.code).toBe(0);
    for (const line of ['omnigate chat', 'omnigate admin projects create', 'Exit codes:', '  130  AbortError'])
      expect(run.stdout).toContain(line);
    expect((await omnigate([])).code).toBe(2);
    expect((await omnigate(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a mistyped command names only itself and the nearest command', async () => {
    const cases: Array<[string[], string]> = [
      [['chatt', 'hi'], 'unknown command "chatt"; did you mean `omnigate chat`?'],
      [['admin', 'orgz', 'list'], 'unknown command "admin orgz"; did you mean `omnigate admin orgs`?'],
      [['keys', 'revok', 'x'], 'unknown command "keys revok"; did you mean `omnigate keys revoke`?'],
      [['frobnicate'], 'unknown command "frobnicate" (one of: '],
      [['admin'], '"admin" needs a subcommand: omnigate admin orgs list, '],
    ];
    for (const [args, message] of cases) {
      const run = await omnigate(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(`omnigate: UsageError: ${message}`);
      expect(run.stderr.split('\n')).toHaveLength(2);
    }
  });

  it('`omnigate <command> --help` prints that command’s usage and flags', async () => {
    const run = await omnigate(['chat', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: omnigate chat \[-m MODEL\]/);
    expect(run.stdout).toMatch(/^ {2}--model, -m MODEL +the model \(default: OMNIGATE_MODEL, else gpt-4o-mini\)$/m);
    expect(run.stdout).toMatch(/^A chat completion, streamed/m);
    // Options are the command's own: another command's flag is unknown here.
    const foreign = await omnigate(['me', '--org', 'x']);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/Unknown option '--org'/);
    expect(run.stdout).not.toContain('omnigate admin');
    expect((await omnigate(['admin', 'projects', 'create', '-h'])).stdout).toMatch(/^Usage: omnigate admin projects create NAME --org ORG/);
  });

  it('arguments are checked before keys: a missing ORG is told, not the missing admin key', async () => {
    for (const args of [
      ['admin', 'metrics'],
      ['admin', 'orgs', 'create'],
      ['admin', 'projects', 'create', 'web'],
    ]) {
      const run = await omnigate(args, { env: { OMNIGATE_ADMIN_KEY: undefined } });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^omnigate: UsageError: expected /);
    }
  });

  it('a newcomer’s mistakes say what to type: no key, an unknown model, a provider key not stored', async () => {
    const noKey = await omnigate(['me'], { env: { OMNIGATE_API_KEY: undefined } });
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toMatch(
      /401 Missing x-api-key header .*\. No key was sent: set OMNIGATE_API_KEY \(`omnigate signup` makes a project and its key\)\n$/,
    );
    const model = await omnigate(['chat', '-m', 'foo-model', 'hi']);
    expect(model.code).toBe(8);
    expect(model.stderr).toMatch(
      /^omnigate: UnknownModelError: POST \/v1\/chat: 400 No provider registered for model 'foo-model' .*`omnigate models` lists the models the gateway routes\n$/,
    );
    const provider = await omnigate(['chat', '-m', 'gemini-1.5-pro', 'hi']);
    expect(provider.code).toBe(6);
    expect(provider.stderr).toMatch(
      /No gemini key configured for this project\. Add one via POST \/v1\/keys\. .*\. Store it with `omnigate provider-key set gemini`\n$/,
    );
  });

  it('a value the gateway cannot store is refused before sending, naming the field and the limit: exit 2', async () => {
    const org = json(await omnigate(['admin', 'orgs', 'create', 'limits', '--json'])).id;
    const sent = gw.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [['admin', 'orgs', 'create', 'big', '--daily-budget', '100000000'], /daily_budget: expected at most 99999999\.9999/],
      [
        ['admin', 'orgs', 'create', 'tiny', '--monthly-budget', '0.00004'],
        /monthly_budget: 0\.00004 would be stored as 0\.0000, and 0 means no limit/,
      ],
      [
        ['admin', 'projects', 'create', 'web', '--org', org, '--rate-limit', '3000000000'],
        /rate_limit_per_min: expected at most 2147483647/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await omnigate(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^omnigate: InvalidArgumentError: POST \/v1\/admin\/(orgs|projects): /);
      expect(run.stderr).toMatch(message);
    }
    expect(gw.requests.length).toBe(sent);
  });
});
