// `npm run mock`: Prism's mock of the document on a free port, until Ctrl-C.
import { startPrism } from './prism.js';

const prism = await startPrism();
console.log(`OmniGate mock listening on ${prism.url} (Ctrl-C to stop)`);
const stop = async () => {
  await prism.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
