import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '@agentship/platform';
import { runCostStage, type CostStageInputs } from '@agentship/platform/stages';
import { CLI, EXAMPLES, runCli } from '../helpers.js';
import { FakeGitHub } from '../support/fake-github.js';
import { FakeGitLab } from '../support/fake-gitlab.js';
import { costRepo, gitRepoWithChange } from './fixtures.js';

/** Records what the stage tells the CI system, in order. */
function recordingPlatform() {
  const events: string[] = [];
  const outputs: Record<string, string> = {};
  let summary = '';
  const platform: Platform = {
    name: 'github',
    annotate: () => [],
    writeSummary: async (markdown) => {
      events.push('summary');
      summary += markdown;
    },
    setOutput: (name, value) => void (outputs[name] = String(value)),
    info: (message) => void events.push(`info: ${message}`),
    warning: (message) => void events.push(`warning: ${message}`),
  };
  return { platform, events, outputs, summary: () => summary };
}

const PR = 'acme/agents#7';
let gh: FakeGitHub;
let root: string;
let baseSha: string;

function githubEnv(over: { headRepo?: string; event?: string } = {}): NodeJS.ProcessEnv {
  const eventPath = join(mkdtempSync(join(tmpdir(), 'agentship-event-')), 'event.json');
  writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 7, head: { sha: 'HEAD', repo: { full_name: over.headRepo ?? 'acme/agents' } }, base: { sha: baseSha, repo: { full_name: 'acme/agents' } } } }));
  return { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: eventPath, GITHUB_EVENT_NAME: over.event ?? 'pull_request', GITHUB_REPOSITORY: 'acme/agents', GITHUB_API_URL: gh.url, GITHUB_RUN_ID: '5000' };
}

const inputs = (env: NodeJS.ProcessEnv, over: Partial<CostStageInputs> = {}): CostStageInputs => ({ workspace: root, path: '.', comment: true, token: 'bot-token', env, backoffMs: 1, environments: ['production'], ...over });

beforeEach(async () => {
  gh = new FakeGitHub();
  gh.tokens.set('bot-token', 'github-actions[bot]');
  await gh.start();
  root = costRepo();
  // The change moves triage from Haiku to Sonnet: production crosses its $200 budget.
  baseSha = gitRepoWithChange(root, { 'environments/production/model-overrides.yaml': 'default-model: claude-sonnet-4-5\n' });
});
afterEach(() => gh.close());

describe('cost stage on a GitHub pull request', () => {
  it('writes the summary, posts the comment, then fails the gate on a new budget crossing', async () => {
    const rec = recordingPlatform();
    const result = await runCostStage(rec.platform, inputs(githubEnv()));
    expect(result.report.diff.blocking).toBe(true);
    expect(result.failure).toMatch(/production crosses 100% of its monthly budget, and the base did not. Approve with the label "cost-approved"/);
    expect(result.comment?.action).toBe('created');
    const comment = gh.thread(PR)[0];
    expect(comment.body).toMatch(/^<!-- agentship-comment: tag=agentship-cost run=5000 valid-at=2026-03-01T10:00:00.000Z -->\n#### 💰 agentship cost estimate/);
    expect(comment.body).toContain('**Monthly estimate for production rises by');
    expect(comment.body).toContain('❌ **Cost gate failed**');
    expect(comment.body).toContain('This comment is updated when the estimate changes.');
    expect(rec.events[0]).toBe('summary');
    expect(rec.summary()).toContain('❌ **Cost gate failed**');
    expect(rec.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(Number(rec.outputs['diff-usd'])).toBeGreaterThan(0);
    // A second run with the same estimate leaves the comment alone.
    const again = await runCostStage(recordingPlatform().platform, inputs({ ...githubEnv(), GITHUB_RUN_ID: '5001' }));
    expect(again.comment?.action).toBe('unchanged');
    expect(gh.calls('PATCH')).toEqual([]);
  });

  it('passes a blocked change that carries the approval label, and says so in the comment', async () => {
    gh.labels.set(PR, ['cost-approved']);
    const result = await runCostStage(recordingPlatform().platform, inputs(githubEnv()));
    expect(result.failure).toBeUndefined();
    expect(result.approval).toMatchObject({ approved: true, by: 'label cost-approved' });
    expect(gh.thread(PR)[0].body).toContain('✅ **Cost gate approved** (label cost-approved)');
  });

  it('gives a fork pull request the job summary only, with no API call', async () => {
    const rec = recordingPlatform();
    const result = await runCostStage(rec.platform, inputs(githubEnv({ headRepo: 'mallory/agents' })));
    expect(result.commentSkipped).toMatch(/fork/);
    expect(gh.requests).toEqual([]);
    expect(rec.summary()).toContain('agentship cost estimate');
    expect(result.failure).toBeDefined();
  });

  it('still decides the gate when the comment cannot be posted', async () => {
    gh.failNext(10, 500);
    const rec = recordingPlatform();
    const result = await runCostStage(rec.platform, inputs(githubEnv()));
    expect(rec.events.some((e) => e.startsWith('warning: The cost report was generated but could not be posted'))).toBe(true);
    expect(result.failure).toBeDefined();
  });

  it('writes a JSON report that a later run can use as its base', async () => {
    const first = await runCostStage(recordingPlatform().platform, inputs({}, { comment: false, reportFile: 'out/cost.json', baseRef: 'HEAD' }));
    expect(first.report.diff.diffUsd).toBe(0);
    const stored = JSON.parse(readFileSync(join(root, 'out/cost.json'), 'utf8'));
    expect(stored.kind).toBe('agentship-cost');
    const second = await runCostStage(recordingPlatform().platform, inputs({}, { comment: false, baseResults: 'out/cost.json' }));
    expect(second.report.diff).toMatchObject({ hasBase: true, diffUsd: 0, blocking: false });
  });
});

/** Runs the built CLI without blocking this process, so that a fake server in it can answer. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: root, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

describe('agentship cost (CLI)', () => {
  it('exits 1 on a new crossing with --base and prints JSON, exits 0 without the base', async () => {
    const blocked = await cli(['cost', '.', '--base', baseSha, '--env', 'production', '--format', 'json'], {});
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/crosses 100% of its monthly budget/);
    const report = JSON.parse(blocked.stdout);
    expect(report.diff.environments.map((e: { name: string }) => e.name)).toEqual(['production']);
    expect(report.base.environments[0].monthlyUsd).toBeLessThan(report.head.environments[0].monthlyUsd);
    const already = await cli(['cost', '.', '--base', 'HEAD', '--format', 'markdown'], {});
    expect(already.status).toBe(0);
    expect(already.stdout).toContain('Monthly estimate unchanged');
    expect(already.stdout).toContain('already reached on the base');
  });

  it('exits 2 with a clear message for a bad option or environment', async () => {
    expect((await cli(['cost', '--format', 'sarif'], {})).stderr).toMatch(/--format must be one of markdown, json, text/);
    const missing = await cli(['cost', '--env', 'prod'], {});
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/No environment "prod"/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('posts the merge request note from a GitLab job with --comment', async () => {
    const gl = new FakeGitLab();
    gl.tokens.set('glpat-test', { id: 9, username: 'project_9_bot' });
    await gl.start();
    try {
      const env = { GITLAB_CI: 'true', CI_API_V4_URL: gl.apiUrl, CI_PROJECT_ID: '42', CI_MERGE_REQUEST_IID: '3', CI_MERGE_REQUEST_DIFF_BASE_SHA: baseSha, CI_PIPELINE_ID: '900', GITLAB_TOKEN: 'glpat-test' };
      const run = await cli(['cost', '--comment', '--env', 'production'], env);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/comment created/);
      const notes = gl.thread('42!3');
      expect(notes).toHaveLength(1);
      expect(notes[0].body).toMatch(/^<!-- agentship-comment: tag=agentship-cost run=900 /);
      expect(notes[0].body).toContain('Monthly estimate for production rises by');
      expect(run.stdout + run.stderr).not.toContain('glpat-test');
    } finally {
      await gl.close();
    }
  });
});

describe('agentship cost: rules: levels reach the cost findings', () => {
  /** The example repository with production's default-model removed: two agents have no model. */
  function examplesWithoutModel(rules: string): string {
    const copy = mkdtempSync(join(tmpdir(), 'agentship-cost-levels-'));
    cpSync(EXAMPLES, copy, { recursive: true });
    const overrides = join(copy, 'environments/production/model-overrides.yaml');
    writeFileSync(overrides, readFileSync(overrides, 'utf8').replace(/^default-model:.*\n/m, ''));
    writeFileSync(join(copy, 'agentship.yaml'), readFileSync(join(copy, 'agentship.yaml'), 'utf8') + rules);
    return copy;
  }
  const costOf = (dir: string) => runCli(['cost', dir, '--env', 'production']);

  it('fails the gate on cost/no-model errors, which the run could not price', () => {
    const run = costOf(examplesWithoutModel(''));
    expect(run.stdout).toMatch(/^error: .*No model for "reviewer" in production.*\[cost\/no-model\]$/m);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/projection is incomplete \(2 errors in its inputs\).*\[cost\/no-model\]/);
  });

  it('hides them with `cost: off` and passes', () => {
    const run = costOf(examplesWithoutModel('rules:\n  cost: off\n'));
    expect(run.stdout).not.toContain('cost/no-model');
    expect(run.status).toBe(0);
  });

  it('re-levels them with `cost/no-model: warning`: reported as warnings, the gate passes', () => {
    const run = costOf(examplesWithoutModel('rules:\n  cost/no-model: warning\n'));
    expect(run.stdout).toMatch(/^warning: .*No model for "reviewer" in production.*\[cost\/no-model\]$/m);
    expect(run.stdout).not.toMatch(/^error: /m);
    expect(run.status).toBe(0);
  });
});
