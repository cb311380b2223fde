import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chain, formatLedger, type LedgerDraft } from '@agentship/core/deploy';
import { buildReadiness, renderReadinessMarkdown, type ReadinessReport } from '@agentship/core/readiness';
import { makeTree, runCli } from '../helpers.js';

const WORKFLOW = `name: agents
on:
  pull_request:
  schedule: [{ cron: '0 7 * * *' }]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - run: npx agentship validate --format sarif --output agentship.sarif
  monitor:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/agentship/actions/report@v1
        with: { usage: logs/usage }
        env:
          AGENTSHIP_SLACK_WEBHOOK_URL: \${{ secrets.SLACK_WEBHOOK_URL }}
`;

const DRY_RUN = { version: 1, kind: 'agentship-dry-run', mode: 'replay', startedAt: '2025-06-01T09:00:00Z', totals: { cases: 20, passed: 20, failed: 0, passRate: 1 }, pass: true };

function ledger(drafts: Array<Partial<LedgerDraft> & Pick<LedgerDraft, 'action' | 'environment'>>): string {
  return formatLedger(chain([], drafts.map((d, i) => ({ time: `2025-06-0${i + 1}T10:00:00Z`, slot: 'blue', version: `v${i + 1}`, digest: 'd'.repeat(64), trigger: 'ci', ...d }))));
}

/** A repository ready for production: every item with evidence can be ticked. */
function readyRepo(overrides: Record<string, string> = {}): string {
  return makeTree({
    'agentship.yaml': 'agents:\n  triage:\n    path: agents/triage\n',
    'agents/triage/AGENTS.md': '# Triage\n\nSort incoming tickets by product area and urgency.\n',
    'environments/production/budget-limits.yaml': 'monthly-budget-usd: 500\nalert-levels: [70, 90, 100]\nworkload:\n  agents:\n    triage: { tasks-per-day: 100, avg-input-tokens: 2000, avg-output-tokens: 300 }\n',
    'environments/production/model-overrides.yaml': 'default-model: claude-haiku-4-5\n',
    'evals/triage.yaml': 'suite: triage\nagent: triage\ncases:\n  - id: triage/one\n    input: A customer cannot log in.\n    expect:\n      - contains: login\n',
    'evals/cassettes/triage/0a1b.json': '{}\n',
    'evals/golden/triage.json': '{}\n',
    '.agentship/dry-run/results.json': JSON.stringify(DRY_RUN),
    '.github/workflows/agents.yml': WORKFLOW,
    'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n- first release\n',
    'deploy/ledger.jsonl': ledger([{ action: 'deploy', environment: 'staging' }, { action: 'promote', environment: 'staging', weight: 100 }, { action: 'rollback', environment: 'staging', from: { version: 'v2', digest: 'e'.repeat(64) } }]),
    ...overrides,
  });
}

const status = (report: ReadinessReport) => Object.fromEntries(report.items.map((i) => [i.id, i.status]));

describe('agentship readiness', () => {
  it('ticks every item it has evidence for, and leaves the rest to a person', async () => {
    const root = readyRepo();
    const report = await buildReadiness(root, 'production', { ledger: join(root, 'deploy/ledger.jsonl') });
    expect(status(report)).toEqual({
      'validation-clean': 'done',
      'models-set': 'done',
      'budget-buffer': 'done',
      'test-suites': 'done',
      cassettes: 'done',
      'golden-set': 'done',
      'dry-run-pass': 'done',
      'human-review': 'manual',
      'rollback-tested': 'done',
      staged: 'done',
      monitoring: 'done',
      alerts: 'done',
      'on-call': 'manual',
      'secret-scanning': 'done',
      'no-secrets': 'done',
      permissions: 'done',
      credentials: 'manual',
      instructions: 'done',
      changelog: 'done',
      'user-docs': 'manual',
      owner: 'manual',
      security: 'manual',
      'budget-owner': 'manual',
    });
    const byId = Object.fromEntries(report.items.map((i) => [i.id, i]));
    expect(byId['rollback-tested'].evidence).toContain('ledger entry 3: rollback of staging to v3');
    expect(byId['dry-run-pass'].evidence).toBe('20/20 cases passed (100.0%), run passed on 2025-06-01T09:00:00Z');
    expect(byId.monitoring.evidence).toBe('.github/workflows/agents.yml runs agentship report on a schedule');
    const markdown = renderReadinessMarkdown(report);
    expect(markdown).toContain('## Production readiness: production');
    expect(markdown).toContain('- [x] Rollback tested: ledger entry 3');
    expect(markdown).toContain('- [ ] The product owner approved the launch *(for a person)*');
    for (const section of ['Agent configuration', 'Quality assurance', 'Operations', 'Security', 'Documentation', 'Approval']) expect(markdown).toContain(`### ${section}`);
  });

  it('leaves items open, saying why, when the evidence is missing or wrong', async () => {
    const root = readyRepo({
      // The projection is about $10.50 a month (haiku): $11 is less than 20% above it.
      'environments/production/budget-limits.yaml': 'monthly-budget-usd: 11\nworkload:\n  agents:\n    triage: { tasks-per-day: 100, avg-input-tokens: 2000, avg-output-tokens: 300 }\n',
      '.agentship/dry-run/results.json': JSON.stringify({ ...DRY_RUN, totals: { cases: 20, passed: 17, failed: 3, passRate: 0.85 }, pass: false }),
      '.github/workflows/agents.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
      'agentship.yaml': 'agents:\n  triage:\n    path: agents/triage\nrules:\n  secret: off\n',
    });
    const text = readFileSync(join(root, 'deploy/ledger.jsonl'), 'utf8').replace('"version":"v3"', '"version":"v9"');
    writeFileSync(join(root, 'deploy/ledger.jsonl'), text);
    const report = await buildReadiness(root, 'production', { ledger: join(root, 'deploy/ledger.jsonl') });
    const byId = Object.fromEntries(report.items.map((i) => [i.id, i]));
    expect(byId['budget-buffer']).toMatchObject({ status: 'missing' });
    expect(byId['budget-buffer'].evidence).toMatch(/^budget \$11\.00, projected \$\d+\.\d\d a month \(upper estimate\): \d+% headroom/);
    expect(byId['dry-run-pass']).toMatchObject({ status: 'missing', evidence: '17/20 cases passed (85.0%), run failed on 2025-06-01T09:00:00Z' });
    expect(byId['rollback-tested'].status).toBe('missing');
    expect(byId['rollback-tested'].evidence).toMatch(/fails verification at line 3: entry 3 was edited/);
    expect(byId.monitoring.status).toBe('missing');
    expect(byId['secret-scanning']).toMatchObject({ status: 'missing', evidence: 'the secret rules are turned off in agentship.yaml' });
    expect(byId['no-secrets'].status).toBe('missing');
  });

  it('finds nothing to tick in an empty repository, without failing', async () => {
    const report = await buildReadiness(makeTree({ 'README.md': '# nothing here\n' }), 'production');
    const done = report.items.filter((i) => i.status === 'done').map((i) => i.id);
    expect(done).toEqual(['validation-clean', 'no-secrets', 'permissions']);
    expect(report.items.find((i) => i.id === 'environment-files')!.evidence).toBe('no environments/production/budget-limits.yaml or model-overrides.yaml');
  });

  it('reads the ledger from the git ref of a git deploy target by default', async () => {
    const root = readyRepo();
    const git = (args: string[], input?: string) => {
      const r = spawnSync('git', args, { cwd: root, input, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    // The shape deploy --target git leaves: refs/agentship/ledger -> a commit whose tree holds ledger.jsonl.
    git(['init', '-q']);
    const blob = git(['hash-object', '-w', 'deploy/ledger.jsonl']);
    const tree = git(['mktree'], `100644 blob ${blob}\tledger.jsonl\n`);
    git(['update-ref', 'refs/agentship/ledger', git(['commit-tree', tree, '-m', 'ledger'])]);
    const item = (await buildReadiness(root, 'production')).items.find((i) => i.id === 'rollback-tested')!;
    expect(item.status).toBe('done');
    expect(item.evidence).toContain('(git refs/agentship/ledger)');
  });

  it('is a CLI command that writes markdown and can gate on missing items', () => {
    const root = readyRepo();
    const ok = runCli(['readiness', root, '--env', 'production', '--ledger', join(root, 'deploy/ledger.jsonl')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('## Production readiness: production');
    const gated = runCli(['readiness', makeTree({ 'README.md': '#\n' }), '--fail-on-missing', '--format', 'json']);
    expect(gated.status).toBe(1);
    expect(JSON.parse(gated.stdout).kind).toBe('agentship-readiness');
    const bad = runCli(['readiness', root, '--env', '../etc']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('environment must be a name such as production');
  });
});
