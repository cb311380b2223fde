import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/helpers.js';
import { FakeGitHub } from '../../../test/support/fake-github.js';
import { costRepo, gitRepoWithChange } from '../../../test/cost/fixtures.js';

let gh: FakeGitHub;
beforeEach(async () => {
  gh = new FakeGitHub();
  gh.tokens.set('ghs_test', 'github-actions[bot]');
  await gh.start();
});
afterEach(() => gh.close());

/** Runs the committed bundle as the runner does: inputs as INPUT_* variables, files for outputs and summary. */
function runAction(env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'actions/cost-gate/dist/index.js')], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stdout += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout }));
  });
}

it('comments on the pull request, writes the summary and outputs, and fails on a new budget crossing', async () => {
  const root = costRepo();
  const base = gitRepoWithChange(root, { 'environments/production/model-overrides.yaml': 'default-model: claude-sonnet-4-5\n' });
  const dir = mkdtempSync(join(tmpdir(), 'agentship-runner-'));
  const files = { event: join(dir, 'event.json'), summary: join(dir, 'summary.md'), output: join(dir, 'output.txt') };
  writeFileSync(files.event, JSON.stringify({ pull_request: { number: 7, head: { sha: 'HEAD', repo: { full_name: 'acme/agents' } }, base: { sha: base, repo: { full_name: 'acme/agents' } } } }));
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  const { status, stdout } = await runAction({
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: root,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: 'acme/agents',
    GITHUB_API_URL: gh.url,
    GITHUB_RUN_ID: '77',
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    INPUT_PATH: '.',
    INPUT_ENVIRONMENTS: 'production',
    INPUT_COMMENT: 'true',
    'INPUT_GITHUB-TOKEN': 'ghs_test',
    'INPUT_REPORT-FILE': 'agentship-cost.json',
  });
  expect(status).toBe(1);
  expect(stdout).toMatch(/::error::agentship cost: the projection for production crosses 100%/);
  expect(stdout).not.toContain('ghs_test');
  expect(gh.thread('acme/agents#7')).toHaveLength(1);
  expect(gh.thread('acme/agents#7')[0].body).toContain('run=77');
  expect(readFileSync(files.summary, 'utf8')).toContain('Monthly estimate for production rises by');
  const outputs = readFileSync(files.output, 'utf8');
  expect(outputs).toMatch(/blocking<<[^\n]+\ntrue\n/);
  expect(outputs).toMatch(/comment-url<<[^\n]+\nhttps:\/\/github.test\/acme\/agents\/pull\/7#issuecomment-\d+\n/);
  expect(JSON.parse(readFileSync(join(root, 'agentship-cost.json'), 'utf8')).kind).toBe('agentship-cost');
});
