#!/usr/bin/env node
// Building the usage report from a million records, side by side in one run with two peers that do
// less (say so in the output): a naive Node script that reads the whole file, JSON.parses every
// line into an array and groups cost by day and agent; and jq streaming the same grouping.
// agentship does the full report: validation per record, pricing of records without a cost,
// day/week/month and five breakdowns, anomalies, stalls, failure runs, budgets and forecast.
// Usage: node bench/report/bench.mjs [--records N] [--runs N]
// Work files go to $AGENTSHIP_BENCH_DIR/report or <tmp>/agentship-bench/report.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' } } });
const RECORDS = Number(values.records);
const RUNS = Math.max(1, Number(values.runs));
const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = process.env.AGENTSHIP_BENCH_DIR ? join(process.env.AGENTSHIP_BENCH_DIR, 'report') : join(tmpdir(), 'agentship-bench', 'report');
const USAGE = join(WORK, `usage-${RECORDS}.jsonl`);
const AS_OF = '2025-06-30T23:59:59Z';
const log = (line) => process.stderr.write(`[report] ${line}\n`);
mkdirSync(WORK, { recursive: true });

// 1. The records: 30 days of 12 agents in 2 environments, 1 in 20 failing, a third without cost_usd
//    (priced by agentship), deterministic. Generated once per size.
if (!existsSync(USAGE)) {
  log(`generating ${RECORDS.toLocaleString('en-US')} usage records…`);
  let seed = 20250601;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const agents = ['triage', 'reviewer', 'release-manager', 'docs-writer', 'summarizer', 'planner', 'coder', 'tester', 'support', 'researcher', 'translator', 'sql'];
  const models = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'gpt-4o-mini', 'gpt-4.1'];
  const out = createWriteStream(USAGE);
  const start = Date.UTC(2025, 5, 1);
  const step = (30 * 86_400_000) / RECORDS;
  let buffer = '';
  for (let i = 0; i < RECORDS; i++) {
    const a = Math.floor(random() * agents.length);
    const model = models[a % models.length];
    const input = Math.round(2000 + random() * 10000);
    const output = Math.round(200 + random() * 1500);
    const failed = random() < 0.05;
    const record = { timestamp: new Date(start + i * step).toISOString(), environment: a < 9 ? 'production' : 'staging', agent: agents[a], workflow: `wf-${a % 5}`, phase: ['plan', 'act', 'check'][i % 3], model, kind: i % 4 === 0 ? 'task' : 'call', input_tokens: input, output_tokens: output, cache_read_tokens: Math.round(input * 0.5), success: !failed, duration_ms: Math.round(500 + random() * 5000) };
    if (i % 3 !== 0) record.cost_usd = Math.round(((input * 3 + output * 15) / 1e6) * 1e6) / 1e6;
    if (failed) record.error = 'upstream timeout';
    buffer += JSON.stringify(record) + '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((r) => out.once('drain', r));
      buffer = '';
    }
  }
  out.end(buffer);
  await new Promise((r) => out.on('finish', r));
}
const megabytes = statSync(USAGE).size / 1e6;

// 2. The tools.
const cli = join(REPO, 'packages/cli/dist/agentship.js');
if (!existsSync(cli)) execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--cli'], { stdio: 'inherit' });
const naive = join(WORK, 'naive.mjs');
writeFileSync(
  naive,
  `import { readFileSync } from 'node:fs';
const records = readFileSync(process.argv[2], 'utf8').split('\\n').filter(Boolean).map((l) => JSON.parse(l));
const groups = new Map();
for (const r of records) {
  const key = r.timestamp.slice(0, 10) + ' ' + r.agent;
  const g = groups.get(key) ?? { cost: 0, records: 0, failed: 0 };
  g.cost += r.cost_usd ?? 0; g.records++; if (r.success === false) g.failed++;
  groups.set(key, g);
}
process.stdout.write(JSON.stringify([...groups]).slice(0, 0) + groups.size + ' groups\\n');
`,
);
const hasJq = spawnSync('jq', ['--version']).status === 0;
const tools = [
  { name: 'agentship report (full report)', args: [process.execPath, cli, 'report', '--usage', USAGE, '--as-of', AS_OF, '--format', 'json', '--output', join(WORK, 'report.json')], does: 'validate, price, 3 periods, 5 breakdowns, anomalies, stalls, failure runs, budgets' },
  { name: 'naive Node (parse all, group)', args: [process.execPath, naive, USAGE], does: 'JSON.parse every line into one array, cost by day and agent' },
  ...(hasJq ? [{ name: `jq ${spawnSync('jq', ['--version'], { encoding: 'utf8' }).stdout.trim()} (stream, group)`, args: ['jq', '-n', '-c', 'reduce inputs as $r ({}; .[($r.timestamp[0:10]) + " " + $r.agent] += ($r.cost_usd // 0)) | length', USAGE], does: 'cost by day and agent, streaming' }] : []),
];

/** Runs a command under GNU time: wall seconds and peak RSS (MB). */
function measure(args) {
  const timeFile = join(WORK, 'time.txt');
  const useTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  // From the work folder: agentship reads agentship.yaml and environments/ there (none), not this repository.
  const options = { cwd: WORK, encoding: 'utf8', maxBuffer: 1 << 26 };
  const run = useTime ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, ...args], options) : spawnSync(args[0], args.slice(1), options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMb = useTime && existsSync(timeFile) ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
  return { seconds, rssMb, status: run.status, stderr: run.stderr ?? '' };
}

const results = [];
for (const tool of tools) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    log(`${tool.name}, run ${i + 1}/${RUNS}…`);
    const m = measure(tool.args);
    if (m.status !== 0) {
      log(`${tool.name} failed (exit ${m.status}): ${m.stderr.trim().split('\n').slice(-2).join(' ')}`);
      break;
    }
    runs.push(m);
  }
  if (!runs.length) {
    results.push({ ...tool, failed: true });
    continue;
  }
  const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  results.push({ ...tool, seconds, rssMb: Math.max(...runs.map((r) => r.rssMb)) });
}

const report = JSON.parse(readFileSync(join(WORK, 'report.json'), 'utf8'));
console.log(`\n## report: ${RECORDS.toLocaleString('en-US')} usage records (${megabytes.toFixed(0)} MB JSONL), median of ${RUNS} run(s), Node ${process.version}\n`);
console.log('| tool | wall s | records/s | peak RSS MB | what it computes |');
console.log('|---|--:|--:|--:|---|');
for (const r of results) {
  if (r.failed) console.log(`| ${r.name} | failed | | | ${r.does} |`);
  else console.log(`| ${r.name} | ${r.seconds.toFixed(2)} | ${Math.round(RECORDS / r.seconds).toLocaleString('en-US')} | ${r.rssMb.toFixed(0)} | ${r.does} |`);
}
console.log(`\nagentship read ${report.data.records.toLocaleString('en-US')} records, priced ${report.data.pricedHere.toLocaleString('en-US')} of them, found ${report.anomalies.length} anomalies; wall time includes starting Node and writing the JSON report.`);
