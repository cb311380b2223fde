#!/usr/bin/env node
// Secret scanning side by side: agentship, gitleaks 8.26 and secretlint on the same generated tree,
// in one run. For each: wall time, MB/s, peak RSS, and ../shared/bench/secrets/score.mjs's recall
// and other findings. Usage: node bench/secrets/bench.mjs [--bytes N] [--runs N]
// Work files (the tree, the gitleaks binary, reports) go to $AGENTSHIP_BENCH_DIR or <tmp>/agentship-bench/secrets.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { bytes: { type: 'string', default: '50000000' }, runs: { type: 'string', default: '3' } } });
const BYTES = Number(values.bytes);
const RUNS = Math.max(1, Number(values.runs));
const PLANTED = 100;
const SEED = 20261121;
const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = join(REPO, '../shared/bench/secrets');
const WORK = process.env.AGENTSHIP_BENCH_DIR ? join(process.env.AGENTSHIP_BENCH_DIR, 'secrets') : join(tmpdir(), 'agentship-bench', 'secrets');
// score.mjs matches paths by what follows `tree/`, so the folder is named tree.
const TREE = join(WORK, String(BYTES), 'tree');
const MANIFEST = `${TREE}.manifest.json`;
const log = (line) => process.stderr.write(`[secrets] ${line}\n`);
mkdirSync(WORK, { recursive: true });

// 1. The tree: generated once per size (deterministic), reused by later runs.
if (!existsSync(MANIFEST)) {
  log(`generating a ${(BYTES / 1e6).toFixed(0)} MB tree with ${PLANTED} planted secrets (seed ${SEED})…`);
  execFileSync(process.execPath, [join(SHARED, 'gen-tree.mjs'), TREE, String(BYTES), String(PLANTED), String(SEED)], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const treeBytes = (function size(dir) {
  let total = 0;
  for (const name of readdirNames(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    total += st.isDirectory() ? size(p) : st.size;
  }
  return total;
})(TREE);
function readdirNames(dir) {
  return execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

// 2. The scanners.
const cli = join(REPO, 'packages/cli/dist/agentship.js');
if (!existsSync(cli)) execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--cli'], { stdio: 'inherit' });
const gitleaks = join(WORK, 'peers/gitleaks/usr/bin/gitleaks');
if (!existsSync(gitleaks)) {
  log('fetching gitleaks 8.26 from Debian (fetch-peers.sh)…');
  const fetched = spawnSync('bash', [join(SHARED, 'fetch-peers.sh'), join(WORK, 'peers')], { encoding: 'utf8' });
  if (fetched.status !== 0) log(`could not fetch gitleaks: ${(fetched.stderr || '').trim().split('\n').pop()}`);
}
const secretlint = join(REPO, 'node_modules/.bin/secretlint');
const secretlintrc = join(WORK, 'secretlintrc.json');
writeFileSync(secretlintrc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));

const scanners = [
  {
    name: 'agentship secrets --all-files',
    tool: 'gitleaks',
    available: existsSync(cli),
    command: (report) => [process.execPath, [cli, 'secrets', TREE, '--all-files', '--format', 'gitleaks', '--output', report, '--fail-on', 'never'], REPO],
  },
  {
    name: 'gitleaks 8.26 dir (default rules)',
    tool: 'gitleaks',
    available: existsSync(gitleaks),
    command: (report) => [gitleaks, ['dir', TREE, '--report-format', 'json', '--report-path', report, '--no-banner', '--exit-code', '0', '--log-level', 'error'], WORK],
  },
  {
    name: 'secretlint (preset-recommend)',
    tool: 'secretlint',
    available: existsSync(secretlint),
    command: (report) => [secretlint, [`${TREE}/**/*`, '--secretlintrc', secretlintrc, '--format', 'json', '--output', report], join(REPO, 'bench')],
  },
];

/** Runs a command under GNU time: wall seconds and peak RSS (MB). */
function measure([file, args, cwd]) {
  const timeFile = join(WORK, 'time.txt');
  const useTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const run = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, file, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMb = useTime && existsSync(timeFile) ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
  return { seconds, rssMb, status: run.status, stderr: run.stderr ?? '' };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const scanner of scanners) {
  if (!scanner.available) {
    log(`skipped ${scanner.name}: not installed here`);
    rows.push({ name: scanner.name, skipped: true });
    continue;
  }
  const report = join(WORK, `report-${scanner.name.split(' ')[0]}.json`);
  const times = [];
  const rss = [];
  let scanSeconds = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(report, { force: true });
    const m = measure(scanner.command(report));
    if (!existsSync(report)) {
      log(`${scanner.name} wrote no report (exit ${m.status}): ${m.stderr.trim().split('\n').slice(-2).join(' ')}`);
      break;
    }
    times.push(m.seconds);
    rss.push(m.rssMb);
    const own = /findings in ([\d.]+) s/.exec(m.stderr);
    if (own) scanSeconds.push(Number(own[1]));
    log(`${scanner.name}: run ${i + 1}/${RUNS} ${m.seconds.toFixed(2)} s`);
  }
  if (times.length === 0) {
    rows.push({ name: scanner.name, skipped: true });
    continue;
  }
  const score = JSON.parse(execFileSync(process.execPath, [join(SHARED, 'score.mjs'), scanner.tool, report, MANIFEST], { encoding: 'utf8' }));
  rows.push({
    name: scanner.name,
    seconds: median(times),
    mbps: treeBytes / 1e6 / median(times),
    scanMbps: scanSeconds.length ? treeBytes / 1e6 / median(scanSeconds) : undefined,
    rssMb: Math.max(...rss),
    found: score.plantedFound,
    planted: score.planted,
    other: score.otherFindings,
    missed: Object.entries(score.perKind).filter(([, v]) => v.found < v.planted).map(([k, v]) => `${k} ${v.planted - v.found}`),
  });
}

const mb = (treeBytes / 1e6).toFixed(1);
console.log(`\nSecret scanning: ${mb} MB, ${PLANTED} planted secrets (seed ${SEED}), median of ${RUNS} runs, ${process.platform} ${process.arch}, Node ${process.version}\n`);
console.log('| scanner | wall s | MB/s (wall) | MB/s (scan only) | peak RSS MB | planted found | other findings | missed |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  if (r.skipped) console.log(`| ${r.name} | skipped: not available | | | | | | |`);
  else console.log(`| ${r.name} | ${r.seconds.toFixed(2)} | ${r.mbps.toFixed(1)} | ${r.scanMbps ? r.scanMbps.toFixed(1) : '–'} | ${r.rssMb.toFixed(0)} | ${r.found}/${r.planted} | ${r.other} | ${r.missed.join(', ') || '–'} |`);
}
const ours = rows.find((r) => r.name.startsWith('agentship') && !r.skipped);
const peer = rows.find((r) => r.name.startsWith('gitleaks') && !r.skipped);
if (ours && peer) console.log(`\nagentship / gitleaks throughput (wall): ${(ours.mbps / peer.mbps).toFixed(1)}x (goal: at least 10x)`);
