#!/usr/bin/env node
// The `omnigate` executable: runs the command line with this process's arguments, streams and environment.
import { main } from './cli.js';

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  out: { stdout: process.stdout, stderr: process.stderr },
  stdin: process.stdin,
});
