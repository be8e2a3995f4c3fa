// `npm run mock`: a mock gateway on loopback until Ctrl-C. By default Prism's mock of the document (examples, any
// prompt); with `--faithful` this SDK's own mock (omnigate/testing), which behaves as the real gateway does: keys,
// rate limits, budgets, streams, metrics. That one is `omnigate mock` (src/cli/mock.ts), which prints its URL and
// keys; `--port N` picks its port (Prism takes a free one).
import { parseArgs } from 'node:util';
import { main } from '../src/cli.js';
import { startPrism } from './prism.js';

const { values } = parseArgs({ options: { faithful: { type: 'boolean', default: false }, port: { type: 'string', default: '0' } } });
if (values.faithful) {
  process.exitCode = await main({
    argv: ['mock', '--port', values.port],
    env: process.env,
    out: { stdout: process.stdout, stderr: process.stderr },
    stdin: process.stdin,
  });
} else {
  const prism = await startPrism();
  console.log(`OmniGate mock (Prism) listening on ${prism.url} (Ctrl-C to stop)`);
  const end = async () => {
    await prism.stop();
    process.exit(0);
  };
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
}
