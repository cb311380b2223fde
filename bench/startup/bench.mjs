#!/usr/bin/env node
// Start-up of every action and of the CLI, side by side in one run with `node -e 0` (the floor)
// and actions/checkout's dist (a peer action). For each: the bytes of the dist folder (entry plus
// every chunk it can load) and of what loads at start (the entry and its static imports), the
// median time to the first line of output over N runs, and peak RSS.
// Usage: node bench/startup/bench.mjs [--runs N]
//
// Actions run as the runner runs them: node on dist/index.js, each input's action.yml default in
// INPUT_*, required inputs left empty (deploy, rollback and canary-compare stop there), in an
// empty workspace. The CLI is measured for `--help` and `--version`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Math.max(1, Number(values.runs));
const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CHECKOUT = join(REPO, 'bench/.work/checkout-dist.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const log = (line) => process.stderr.write(`[startup] ${line}\n`);

const cli = join(REPO, 'packages/cli/dist/agentship.js');
if (!existsSync(cli)) spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--cli'], { stdio: 'inherit' });

/** Every file under `dir` with its size. */
function filesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else files.push(path);
  }
  return files;
}

/** The entry and the chunks it imports statically (what Node loads before the first line runs). */
function loadedAtStart(entry, seen = new Set()) {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const match of text.matchAll(/^(?:import|export)\s[^'"]*?from\s*["'](\.{1,2}\/[^"']+)["']/gm)) {
    loadedAtStart(join(dirname(entry), match[1]), seen);
  }
  for (const match of text.matchAll(/^import\s*["'](\.{1,2}\/[^"']+)["']/gm)) loadedAtStart(join(dirname(entry), match[1]), seen);
  return seen;
}

const bytes = (paths) => [...paths].reduce((sum, path) => sum + statSync(path).size, 0);

/** A runner-like environment for an action: defaults from action.yml, files for outputs. */
function actionEnv(actionYml) {
  const workspace = mkdtempSync(join(tmpdir(), 'agentship-startup-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(workspace, '.output'),
    GITHUB_STEP_SUMMARY: join(workspace, '.summary'),
    GITHUB_STATE: join(workspace, '.state'),
    RUNNER_TEMP: workspace,
  };
  for (const file of ['.output', '.summary', '.state']) writeFileSync(join(workspace, file), '');
  const inputs = actionYml ? (parseYaml(readFileSync(actionYml, 'utf8')).inputs ?? {}) : {};
  for (const [name, spec] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = spec?.default === undefined ? '' : String(spec.default);
  }
  return { env, cwd: workspace };
}

/** One run: ms until the first byte of output (stdout or stderr), ms until exit, peak RSS in MB. */
function runOnce(args, { env, cwd }) {
  return new Promise((resolve) => {
    const timeFile = join(cwd, '.time');
    const argv = TIME ? [TIME, '-f', '%M', '-o', timeFile, ...args] : args;
    const started = process.hrtime.bigint();
    let firstOutput;
    const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk) => {
      firstOutput ??= Number(process.hrtime.bigint() - started) / 1e6;
      if (output.length < 2000) output += chunk;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (status) => {
      const exitMs = Number(process.hrtime.bigint() - started) / 1e6;
      const rss = TIME && existsSync(timeFile) ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
      resolve({ firstOutput: firstOutput ?? exitMs, exitMs, rss, status, output });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const subjects = [{ name: 'node -e 0', args: [process.execPath, '-e', '0'], floor: true }];
if (existsSync(CHECKOUT)) {
  subjects.push({ name: 'actions/checkout dist (peer)', args: [process.execPath, CHECKOUT], files: [CHECKOUT], start: [CHECKOUT] });
} else {
  log('actions/checkout is not in bench/.work; to measure it beside ours:');
  log('  git clone --bare --depth 1 https://github.com/actions/checkout /tmp/checkout.git');
  log('  git --git-dir /tmp/checkout.git show HEAD:dist/index.js > bench/.work/checkout-dist.js');
}
const actions = readdirSync(join(REPO, 'actions')).filter((name) => existsSync(join(REPO, 'actions', name, 'dist/index.js'))).sort();
for (const name of actions) {
  const dist = join(REPO, 'actions', name, 'dist');
  subjects.push({ name: `actions/${name}`, args: [process.execPath, join(dist, 'index.js')], yml: join(REPO, 'actions', name, 'action.yml'), files: filesUnder(dist), start: [...loadedAtStart(join(dist, 'index.js'))], action: true });
}
const cliFiles = filesUnder(dirname(cli));
for (const flag of ['--help', '--version']) {
  subjects.push({ name: `agentship ${flag}`, args: [process.execPath, join(REPO, 'packages/cli/bin/agentship.js'), flag], files: cliFiles, start: [...loadedAtStart(cli)] });
}
mkdirSync(join(REPO, 'bench/.work'), { recursive: true });

const results = [];
for (const subject of subjects) {
  log(`${subject.name}: ${RUNS} runs…`);
  const where = actionEnv(subject.yml);
  // One warm-up run: the first spawn pays for the file cache, not for the code.
  const warm = await runOnce(subject.args, where);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runOnce(subject.args, where));
  results.push({
    ...subject,
    firstOutput: median(runs.map((r) => r.firstOutput)),
    exitMs: median(runs.map((r) => r.exitMs)),
    rss: Math.max(...runs.map((r) => r.rss)),
    firstLine: warm.output.split('\n')[0].slice(0, 70),
  });
}

const mb = (n) => (n / 1e6).toFixed(2);
console.log(`\n## startup: median of ${RUNS} runs after one warm-up, Node ${process.version}\n`);
console.log('| subject | dist MB (all files) | loaded at start MB | first output ms | exit ms | peak RSS MB | first line |');
console.log('|---|--:|--:|--:|--:|--:|---|');
for (const r of results) {
  const size = r.files ? mb(bytes(r.files)) : '';
  const start = r.start ? mb(bytes(r.start)) : '';
  const line = r.floor ? '' : '`' + r.firstLine.replace(/\|/g, '\\|').replace(/`/g, "'") + '`';
  console.log(`| ${r.name} | ${size} | ${start} | ${r.firstOutput.toFixed(0)} | ${r.exitMs.toFixed(0)} | ${r.rss.toFixed(0)} | ${line} |`);
}
const floor = results[0].exitMs;
const targets = [
  ...results.filter((r) => r.action).map((r) => ({ what: `${r.name} first output ≤ 300 ms`, ok: r.firstOutput <= 300 })),
  ...results.filter((r) => r.action).map((r) => ({ what: `${r.name} dist ≤ ${/deploy|rollback|canary/.test(r.name) ? 1.5 : 3} MB`, ok: bytes(r.files) <= (/deploy|rollback|canary/.test(r.name) ? 1.5e6 : 3e6) })),
  ...results.filter((r) => r.name === 'agentship --help').map((r) => ({ what: 'agentship --help ≤ 150 ms', ok: r.exitMs <= 150 })),
];
console.log(`\nnode -e 0 takes ${floor.toFixed(0)} ms here: the floor under every figure. Targets (issue 11):`);
for (const t of targets) console.log(`- ${t.ok ? 'met' : 'MISSED'}: ${t.what}`);
console.log(`\nFiles: ${relative(REPO, join(REPO, 'actions'))}/<name>/dist; the checkout peer from bench/.work.`);
