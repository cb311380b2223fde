import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '@agentship/core/deploy';
import type { TargetInputs } from '@agentship/platform/deployments';
import { runCanaryCompareStage, runDeployStage, runRollbackStage } from '@agentship/platform/stages';
import type { Platform } from '@agentship/platform';
import { FakeGitHub } from '../support/fake-github.js';
import { FakeGitLab } from '../support/fake-gitlab.js';
import { addGithubDeployments, addGitlabDeployments } from './fake-deployments.js';
import { commitChange, gitFixture, sh } from './git-fixture.js';

function recordingPlatform() {
  const outputs: Record<string, string> = {};
  const log: string[] = [];
  const platform: Platform = {
    name: 'local',
    annotate: () => [],
    writeSummary: async (md) => void log.push(md),
    setOutput: (name, value) => void (outputs[name] = String(value)),
    info: (m) => void log.push(m),
    warning: (m) => void log.push(`warning: ${m}`),
  };
  return { platform, outputs, log };
}

const t0 = Date.parse('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

/** Task-level JSONL as production logs it: the candidate fails a quarter of what the baseline passes. */
function results(version: string, degraded: boolean): string {
  const lines: string[] = [];
  for (let i = 1; i <= 40; i++) {
    const baselinePass = i % 10 !== 0;
    const success = degraded ? baselinePass && i % 4 !== 1 : baselinePass;
    lines.push(JSON.stringify({ taskId: `task-${i}`, configVersion: version, success, score: success ? 0.9 : 0.2, latencyMs: 1000 + i * 7 + (degraded ? 300 : 0), tokens: 2000 + i, costUsd: 0.01, error: null }));
  }
  return lines.join('\n') + '\n';
}

describe('scenario: deploy v1, promote, canary v2, degraded results, automatic rollback', () => {
  let github: FakeGitHub;
  let gitlab: FakeGitLab;
  let clock = at(0);
  const saved = { gh: process.env.GITHUB_API_URL, gl: process.env.CI_API_V4_URL };

  beforeEach(async () => {
    github = new FakeGitHub();
    gitlab = new FakeGitLab();
    github.tokens.set('gh-token', 'deployer');
    gitlab.tokens.set('gl-token', { id: 7, username: 'deployer' });
    await github.start();
    await gitlab.start();
    process.env.GITHUB_API_URL = github.url;
    process.env.CI_API_V4_URL = gitlab.apiUrl;
  });
  afterEach(async () => {
    await github.close();
    await gitlab.close();
    process.env.GITHUB_API_URL = saved.gh;
    process.env.CI_API_V4_URL = saved.gl;
  });

  it('ends with the ref, GitHub, GitLab and the ledger all on v1', async () => {
    const ghDeployments = addGithubDeployments(github, () => clock);
    const glDeployments = addGitlabDeployments(gitlab, () => clock);
    const { bare, a } = gitFixture();
    const v1Commit = sh(a, 'rev-parse', 'HEAD');
    const targets: TargetInputs = {
      cwd: a,
      store: 'git',
      repo: a,
      remote: 'origin',
      github: { repository: 'acme/agents', token: 'gh-token' },
      gitlab: { project: 'acme/agents', token: 'gl-token' },
    };
    const { platform, outputs } = recordingPlatform();
    const deploy = (version: string, extra: Partial<Parameters<typeof runDeployStage>[1]>, now: Date) =>
      runDeployStage(platform, { path: '.', environment: 'production', action: 'deploy', strategy: 'blue-green', version, trigger: 'ci', targets, now, ...extra });

    // v1: deployed to blue, then promoted.
    expect((await deploy('v1', { requireReview: true, approvedBy: 'alice' }, at(0))).mirrorError).toBeUndefined();
    await deploy('v1', { action: 'promote' }, at(1));
    expect(outputs['active-version']).toBe('v1');

    // v2 as a 10% canary, an hour later.
    clock = at(60);
    const v2Commit = commitChange(a, { 'AGENTS.md': '# Agents\n\nNever run the tests.\n' }, 'v2');
    const canary = await deploy('v2', { strategy: 'canary', weight: 10 }, at(60));
    expect(canary.mirrorError).toBeUndefined();
    expect(outputs['canary-weight']).toBe('10');
    const live = JSON.parse(sh(bare, 'show', 'refs/agentship/production/active:.agentship/release.json'));
    expect(live.active.version).toBe('v1');
    expect(live.canary).toMatchObject({ slot: 'green', version: 'v2', weight: 10 });

    // Degraded production results: the judge says rollback and records it.
    writeFileSync(join(a, 'baseline.jsonl'), results('v1', false));
    writeFileSync(join(a, 'candidate.jsonl'), results('v2', true));
    const judged = await runCanaryCompareStage(platform, {
      cwd: a,
      baseline: 'baseline.jsonl',
      candidate: 'candidate.jsonl',
      failOn: 'rollback',
      record: { environment: 'production', targets: { ...targets, github: undefined, gitlab: undefined }, trigger: 'canary-compare' },
    });
    expect(judged.result.verdict).toBe('rollback');
    expect(judged.result.metrics.find((m) => m.name === 'success')).toMatchObject({ classification: 'low', critical: true, test: 'mcnemar-exact' });
    expect(judged.failed).toMatch(/rollback/);

    // The automatic rollback, ten minutes later; v1 has served for 69 minutes, past a 30-minute soak.
    clock = at(70);
    const rolled = await runRollbackStage(platform, { environment: 'production', soak: '30m', trigger: 'canary-compare', automatic: true, knownGoodFrom: 'ledger', targets, now: at(70) });
    expect(rolled.outcome.changed).toBe(true);
    expect(rolled.mirrorError).toBeUndefined();

    // The ref.
    const release = JSON.parse(sh(bare, 'show', 'refs/agentship/production/active:.agentship/release.json'));
    expect(release.active).toMatchObject({ slot: 'blue', version: 'v1' });
    expect(release.canary).toBeUndefined();
    expect(sh(bare, 'show', 'refs/agentship/production/active:AGENTS.md')).toContain('Be brief');

    // GitHub: every deployment without auto-merge; v2 failed; the newest successful one is v1 at v1's commit.
    expect(ghDeployments.every((d) => d.auto_merge === false && Array.isArray(d.required_contexts))).toBe(true);
    const ghV2 = ghDeployments.find((d) => (d.payload as { agentship: { version: string } }).agentship.version === 'v2')!;
    expect(ghV2.statuses[0].state).toBe('failure');
    const ghGood = [...ghDeployments].reverse().find((d) => d.statuses[0]?.state === 'success')!;
    expect(ghGood.sha).toBe(v1Commit);
    expect((ghGood.payload as { agentship: { action: string } }).agentship.action).toBe('rollback');

    // GitLab: v2's deployment failed; the newest successful one is at v1's commit.
    expect(glDeployments.find((d) => d.sha === v2Commit)!.status).toBe('failed');
    expect([...glDeployments].reverse().find((d) => d.status === 'success')!.sha).toBe(v1Commit);

    // The ledger.
    const ledger = verifyLedger(sh(bare, 'show', 'refs/agentship/ledger:ledger.jsonl'));
    expect(ledger.ok).toBe(true);
    expect(ledger.entries.map((e) => `${e.action} ${e.version}${e.verdict ? ` ${e.verdict}` : ''}`)).toEqual(['deploy v1', 'promote v1', 'deploy v2', 'verdict v2 rollback', 'rollback v1']);
    expect(ledger.entries[0].approvedBy).toBe('alice');
    expect(ledger.entries[4]).toMatchObject({ trigger: 'canary-compare', from: { version: 'v2' }, incident: expect.stringContaining('production:sha256:') });

    // Running it again changes nothing more: no ledger entry, no deployment.
    const deploymentsBefore = ghDeployments.length + glDeployments.length;
    const again = await runRollbackStage(platform, { environment: 'production', soak: '30m', trigger: 'canary-compare', automatic: true, knownGoodFrom: 'ledger', targets, now: at(75) });
    expect(again.outcome.changed).toBe(false);
    expect(verifyLedger(sh(bare, 'show', 'refs/agentship/ledger:ledger.jsonl')).entries).toHaveLength(5);
    expect(ghDeployments.length + glDeployments.length).toBe(deploymentsBefore);
  });

  it('finds the last known good in GitHub Deployments when asked to', async () => {
    const ghDeployments = addGithubDeployments(github, () => clock);
    const { bare, a } = gitFixture();
    const targets: TargetInputs = { cwd: a, store: 'git', repo: a, remote: 'origin', github: { repository: 'acme/agents', token: 'gh-token' } };
    const { platform } = recordingPlatform();
    clock = at(0);
    await runDeployStage(platform, { path: '.', environment: 'staging', action: 'deploy', strategy: 'direct', version: 'v1', trigger: 'ci', targets, now: at(0) });
    clock = at(120);
    commitChange(a, { 'AGENTS.md': '# Agents\n\nv2\n' }, 'v2');
    await runDeployStage(platform, { path: '.', environment: 'staging', action: 'deploy', strategy: 'direct', version: 'v2', trigger: 'ci', targets, now: at(120) });
    clock = at(125);
    // v2 was promoted five minutes ago: it is the current version and not known good.
    const rolled = await runRollbackStage(platform, { environment: 'staging', soak: '30m', trigger: 'manual', automatic: false, knownGoodFrom: 'github', targets, now: at(125) });
    expect(rolled.outcome.summary).toMatch(/from v2 to v1/);
    expect(JSON.parse(sh(bare, 'show', 'refs/agentship/staging/active:.agentship/release.json')).active.version).toBe('v1');
    expect(github.calls('GET').some((c) => c.includes('/deployments/') && c.endsWith('/statuses'))).toBe(true);
    expect(ghDeployments.at(-1)!.statuses[0].state).toBe('success');
  });
});
