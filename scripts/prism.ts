// Starts Prism's mock of openapi/omnigate.yaml on a free loopback port and stops it again; used by the tests,
// `npm run mock` and `npm run demo`. Spawned as `node <prism entry>` (not through npx) so that killing the child kills Prism itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const specPath = join(root, 'openapi/omnigate.yaml');

export interface PrismServer {
  url: string;
  stop(): Promise<void>;
}

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('@stoplight/prism-cli/package.json');
  const pkg = require(pkgPath) as { bin: { prism: string } };
  return join(dirname(pkgPath), pkg.bin.prism);
}

export async function startPrism(spec = specPath, timeoutMs = 30_000): Promise<PrismServer> {
  const env = { ...process.env };
  delete env.NODE_ENV; // production turns on Prism's multiprocess mode
  const child = spawn(process.execPath, [prismEntry(), 'mock', '-h', '127.0.0.1', '-p', '0', spec], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Prism is listening on (http:\/\/\S+)/.exec(output);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolveUrl(listening[1]);
      } else if (/fatal/i.test(output)) {
        fail(new Error(`Prism failed to start:\n${output}`));
      }
    };
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`Prism exited with ${code} before listening:\n${output}`)));
  });
  // Keep draining its log so a full pipe never blocks it.
  child.stdout!.resume();
  child.stderr!.resume();
  return { url, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}
