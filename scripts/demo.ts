// `npm run demo`: starts Prism's mock of the document, runs the README quick start against it, stops the mock.
import { quickstart } from '../examples/quickstart.js';
import { startPrism } from './prism.js';

const prism = await startPrism();
console.log(`OmniGate mock (Prism) at ${prism.url}\n`);
try {
  await quickstart(prism.url);
  console.log('\nquick start finished');
} finally {
  await prism.stop();
}
