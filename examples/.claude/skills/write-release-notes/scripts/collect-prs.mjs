#!/usr/bin/env node
// Prints the pull requests merged since a tag, one per line: "#number<TAB>labels<TAB>title".
import { execFileSync } from 'node:child_process';

const since = process.argv[process.argv.indexOf('--since') + 1];
if (!since || since.startsWith('--')) {
  console.error('usage: collect-prs.mjs --since <tag>');
  process.exit(2);
}
const log = execFileSync('git', ['log', `${since}..HEAD`, '--merges', '--format=%s'], { encoding: 'utf8' });
for (const subject of log.split('\n')) {
  const match = /^Merge pull request #(\d+) from \S+\s*(.*)$/.exec(subject);
  if (match) console.log(`#${match[1]}\t\t${match[2]}`);
}
