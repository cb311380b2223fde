#!/usr/bin/env node
// `npm run bench [-- <name>... [--flags]]`: runs every bench/<name>/bench.mjs, or the ones named,
// one after the other in child processes. Flags after the names go to each benchmark.
// A new benchmark is a folder with a bench.mjs: no change here.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'bench.mjs')))
  .map((entry) => entry.name)
  .sort();

const args = process.argv.slice(2);
const firstFlag = args.findIndex((arg) => arg.startsWith('-'));
const names = firstFlag < 0 ? args : args.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
if (names.includes('--help') || flags.includes('--help') || flags.includes('-h')) {
  console.log(`Usage: npm run bench [-- <name>... [flags for the benchmarks]]\nBenchmarks: ${available.join(', ')}`);
  process.exit(0);
}
const unknown = names.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}

const failed = [];
for (const name of names.length ? names : available) {
  console.log(`\n## bench/${name}\n`);
  const result = spawnSync(process.execPath, [join(here, name, 'bench.mjs'), ...flags], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${name} (exit ${result.status ?? result.signal})`);
}
if (failed.length) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
