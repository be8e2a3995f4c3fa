// `omnigate mock`: the faithful mock gateway (omnigate/testing) on loopback until Ctrl-C, for curl, the OpenAI SDK,
// other languages' clients and this command line. It says its URL and its keys (a mock's keys are public), and one
// line per request (never a key).
import type { Context } from './commands.js';
import { paint, pairs } from './output.js';
import type { FlagSpecs, FlagValues } from './spec.js';

/** The port flag of the servers the command line starts (`mock`, `mcp --http`). */
export const portFlag = { type: 'integer', value: 'N', min: 0, max: 65_535, help: 'the port on 127.0.0.1 (0: a free one)' } as const;
export const mockFlags = { port: portFlag } satisfies FlagSpecs;

export async function mock(ctx: Context, flags: FlagValues<typeof mockFlags>): Promise<void> {
  const port = flags.port ?? 0;
  // Loaded here: the other commands never load the mock.
  const { createMockGateway, MOCK_ADMIN_KEY, MOCK_API_KEY } = await import('../testing.js');
  const { OMNIGATE_API_KEY: apiKey, OMNIGATE_ADMIN_KEY: adminKey } = ctx.env;
  const { out } = ctx;
  const gateway = createMockGateway({
    apiKey: apiKey || MOCK_API_KEY,
    adminKey: adminKey || MOCK_ADMIN_KEY,
    onRequest: (request, status) => {
      const line = { at: new Date().toISOString(), method: request.method, path: request.path, status };
      out.stderr.write(ctx.json ? `${JSON.stringify(line)}\n` : `${paint(out, 'dim', line.at)} ${line.method} ${line.path} ${status}\n`);
    },
  });
  const url = await gateway.listen(port);
  // A key the caller chose is theirs: not echoed. The mock's own are public constants, shown so they can be used.
  const keys = {
    url,
    apiKey: apiKey ? 'the one in OMNIGATE_API_KEY' : MOCK_API_KEY,
    adminKey: adminKey ? 'the one in OMNIGATE_ADMIN_KEY' : MOCK_ADMIN_KEY,
  };
  out.stdout.write(
    ctx.json
      ? `${JSON.stringify(keys)}\n`
      : `OmniGate mock (faithful) listening; Ctrl-C to stop\n${pairs(out, [
          ['url', url],
          ['gateway key', keys.apiKey],
          ['admin key', keys.adminKey],
        ])}\n\nexport OMNIGATE_BASE_URL=${url}${apiKey ? '' : ` OMNIGATE_API_KEY=${MOCK_API_KEY}`}${adminKey ? '' : ` OMNIGATE_ADMIN_KEY=${MOCK_ADMIN_KEY}`}\n`,
  );
  await new Promise((resolve) => ctx.interrupted.addEventListener('abort', resolve, { once: true }));
  await gateway.close();
}
