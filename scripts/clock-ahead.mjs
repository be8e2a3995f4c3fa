// The date-sensitive suites again with the system clock a year ahead (Debian's faketime, installed by setup-tests):
// a test that compares with captured or hard-coded dates must pin its clock, and this run fails when one does not.
// Monotonic clocks stay real so timers and timeouts behave; the runtimes and the packed-tarball apps (other binaries,
// which LD_PRELOAD does not suit) and the benchmark are left to the main run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const faketime = process.env.FAKETIME_PATH ?? '/usr/bin/faketime';
if (!existsSync(faketime)) {
  console.error(`clock-ahead: ${faketime} is missing (npm run setup:tests installs Debian's faketime)`);
  process.exit(1);
}
const suites = ['test/unit', 'test/integration', 'test/reliability', 'test/testing', 'test/cli', 'test/contract', 'examples'];
const env = { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
const ahead = (...command) => spawnSync(faketime, ['-f', '+365d', ...command], { env, encoding: 'utf8', stdio: 'pipe' });
const today = ahead('node', '-p', 'new Date().toISOString()').stdout.trim();
if (new Date(today).getUTCFullYear() <= new Date().getUTCFullYear()) {
  console.error(`clock-ahead: faketime did not move the clock (${today})`);
  process.exit(1);
}
console.log(`clock-ahead: ${suites.join(' ')} with the clock at ${today}`);
// Headless Chromium does not run under faketime's LD_PRELOAD: the API reference's browser test stays in the main run.
const browserOnly = ['test/unit/docs-site.test.ts'];
const run = spawnSync(faketime, ['-f', '+365d', 'npx', 'vitest', 'run', ...suites, ...browserOnly.flatMap((f) => ['--exclude', f])], {
  env,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
