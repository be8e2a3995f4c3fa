// `npm run mock`: a mock gateway on loopback until Ctrl-C. By default Prism's mock of the document (examples, any
// prompt); with `--faithful` this SDK's own mock (omnigate/testing), which behaves as the real gateway does: keys,
// rate limits, budgets, streams, metrics. `--port N` picks the port (the faithful mock only; Prism takes a free one).
// One line per request, never a key.
import { parseArgs } from 'node:util';
import { createMockGateway, MOCK_ADMIN_KEY, MOCK_API_KEY } from '../src/testing.js';
import { startPrism } from './prism.js';

const { values } = parseArgs({ options: { faithful: { type: 'boolean', default: false }, port: { type: 'string', default: '0' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number (0 to 65535), not ${values.port}`);
  process.exit(2);
}

let stop: () => Promise<void>;
if (values.faithful) {
  const fromEnv = process.env.OMNIGATE_API_KEY;
  const adminFromEnv = process.env.OMNIGATE_ADMIN_KEY;
  const gw = createMockGateway({
    apiKey: fromEnv || MOCK_API_KEY,
    adminKey: adminFromEnv || MOCK_ADMIN_KEY,
    onRequest: (r, status) => console.log(`${new Date().toISOString()} ${r.method} ${r.path} ${status}`),
  });
  const url = await gw.listen(port);
  const key = fromEnv ? 'the one in OMNIGATE_API_KEY' : 'MOCK_API_KEY from omnigate/testing (see the README)';
  const adminKey = adminFromEnv ? 'the one in OMNIGATE_ADMIN_KEY' : 'MOCK_ADMIN_KEY';
  console.log(
    `OmniGate mock (faithful) listening on ${url}; the ready project's key is ${key}, the admin key ${adminKey} (Ctrl-C to stop)`,
  );
  stop = () => gw.close();
} else {
  const prism = await startPrism();
  console.log(`OmniGate mock (Prism) listening on ${prism.url} (Ctrl-C to stop)`);
  stop = () => prism.stop();
}
const end = async () => {
  await stop();
  process.exit(0);
};
process.once('SIGINT', end);
process.once('SIGTERM', end);
