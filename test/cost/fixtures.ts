import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree } from '../helpers.js';

/** A two-agent repository with production and staging workloads; `over` replaces or adds files. */
export function costRepo(over: Record<string, string> = {}): string {
  return makeTree(
    {
      'agentship.yaml': 'agents:\n  triage: {}\n  reviewer: {}\n',
      'AGENTS.md': '# Support agents\n\nAnswer in English. Never share customer data.\n',
      'agents/triage/AGENTS.md': '# Triage\n\nLabel each ticket with one of: bug, billing, question.\n',
      'agents/reviewer/AGENTS.md': '# Reviewer\n\nReview replies before they are sent.\n',
      'environments/production/budget-limits.yaml': [
        'monthly-budget-usd: 200',
        'alert-levels: [70, 90, 100]',
        'workload:',
        '  agents:',
        '    triage: { tasks-per-day: 400, avg-input-tokens: 3000, avg-output-tokens: 600 }',
        '    reviewer: { tasks-per-day: 30, avg-input-tokens: 12000, avg-output-tokens: 1500 }',
        '',
      ].join('\n'),
      'environments/production/model-overrides.yaml': 'default-model: claude-sonnet-4-5\nagents:\n  triage: { model: claude-haiku-4-5 }\n',
      'environments/staging/budget-limits.yaml': 'monthly-budget-usd: 100\nworkload:\n  agents:\n    triage: { tasks-per-day: 40, avg-input-tokens: 3000, avg-output-tokens: 600 }\n',
      'environments/staging/model-overrides.yaml': 'default-model: claude-haiku-4-5\n',
      ...over,
    },
    'agentship-cost-',
  );
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_AUTHOR_DATE: '2026-03-01T10:00:00Z', GIT_COMMITTER_DATE: '2026-03-01T10:00:00Z' } }).trim();
}

/** Commits the tree as `main`, applies `change` (path -> content) and commits it as HEAD. Returns the base sha. */
export function gitRepoWithChange(root: string, change: Record<string, string>): string {
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  const base = git(root, 'rev-parse', 'HEAD');
  for (const [path, content] of Object.entries(change)) writeFileSync(join(root, path), content);
  git(root, 'commit', '-q', '-am', 'change');
  return base;
}
