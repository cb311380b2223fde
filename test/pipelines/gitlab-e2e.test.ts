import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGitlabDeployments, type GitlabDeploymentRecord } from '../deploy/fake-deployments.js';
import { EXAMPLES, REPO_ROOT, runCli } from '../helpers.js';
import { FakeGitLab } from '../support/fake-gitlab.js';
import { cliOnPath, findGitlabTools, gitlabCiLocal, jobResults, MISSING_TOOLS, type PipelineRun } from './gitlab-tools.js';

/**
 * The GitLab components run end to end with gitlab-ci-local (shell executor) on a copy of
 * examples/, included the way a user includes them (local includes here, as there is no GitLab
 * server): validate, dry-run (replay, offline), cost, staging, and production (canary, judged,
 * promoted) into a local bare repository, with the deployments mirrored to a loopback GitLab API.
 * Then a merge request pipeline: the budget gate, its approval label and the note posted by the
 * job that alone holds the environment-scoped token.
 */
const tools = findGitlabTools();
if (!tools) console.warn(`test/pipelines/gitlab-e2e.test.ts skipped: ${MISSING_TOOLS}`);

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev Example', ...args], { cwd, encoding: 'utf8' }).trim();

// The routed traffic of the canary window as the runtime would log it, one record per task: 10% on
// the canary, the same quality on both arms, so the judge promotes.
const TRAFFIC_SCRIPT = `import { writeFileSync } from 'node:fs';
const lines = [];
for (let i = 0; i < 400; i++) {
  const canary = i % 10 === 0;
  lines.push(JSON.stringify({
    taskId: 'task-' + i,
    configVersion: canary ? process.env.CANARY_VERSION : process.env.BASELINE_VERSION,
    success: i % 17 !== 0,
    score: 0.8 + ((i * 7 + Math.floor(i / 10)) % 10) / 100,
    latencyMs: 900 + ((i * 13 + Math.floor(i / 10)) % 200),
    tokens: 3000 + ((i * 31) % 400),
    costUsd: 0.004 + ((i * 3) % 10) / 10000,
  }));
}
writeFileSync('agentship-canary-results.jsonl', lines.join('\\n') + '\\n');
`;

// What a user writes: the components, with the inputs this repository needs.
const GITLAB_CI = `include:
  - local: ci/agentship/validate.yml
  - local: ci/agentship/dry-run.yml
  - local: ci/agentship/cost.yml
  - local: ci/agentship/staging.yml
    inputs:
      remote: $AGENTSHIP_RELEASE_REMOTE
  - local: ci/agentship/production.yml
    inputs:
      remote: $AGENTSHIP_RELEASE_REMOTE
      deploy-options: --gitlab-deployments
      collect-canary-results: node traffic.mjs
  - local: ci/agentship/monitoring.yml
    inputs:
      collect-usage: node usage.mjs
      usage: agentship-usage.jsonl
`;

// The usage records of the deployed triage agent this month: $1,500 of production's $1,600 budget.
const USAGE_SCRIPT = `import { writeFileSync } from 'node:fs';
const now = Date.now();
const records = [];
for (let i = 0; i < 50; i++) {
  records.push(JSON.stringify({
    timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
    environment: 'production', agent: 'triage', model: 'claude-haiku-4-5',
    input_tokens: 3000, output_tokens: 600, cost_usd: 30, success: true, task_id: 'task-' + i,
  }));
}
writeFileSync('agentship-usage.jsonl', records.join('\\n') + '\\n');
`;

describe.skipIf(!tools)('GitLab components with gitlab-ci-local', () => {
  let work: string;
  let repo: string;
  let bare: string;
  let bin: string;
  let gitlab: FakeGitLab;
  let deployments: GitlabDeploymentRecord[];
  let seededActive: string;
  let releaseSha: string;
  let mainRun: PipelineRun;

  const run = (args: string[]) =>
    gitlabCiLocal(tools!, repo, ['--variable', `AGENTSHIP_RELEASE_REMOTE=${bare}`, '--variable', `CI_API_V4_URL=${gitlab.apiUrl}`, '--variable', 'GITLAB_TOKEN=glpat-deployer', ...args], [bin]);
  const artifact = (job: string, file: string) => readFileSync(join(repo, '.gitlab-ci-local/artifacts', job, file), 'utf8');
  const dotenv = (job: string) => {
    const dir = join(repo, '.gitlab-ci-local/artifacts', job, '.gitlab-ci-reports/dotenv');
    const text = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    return Object.fromEntries(text.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  };
  const refOf = (ref: string) => execFileSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: bare, encoding: 'utf8' }).trim();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'agentship-gitlab-e2e-'));
    repo = join(work, 'support-agents');
    bare = join(work, 'releases.git');
    bin = cliOnPath(join(work, 'bin'));
    gitlab = new FakeGitLab();
    gitlab.tokens.set('glpat-deployer', { id: 11, username: 'release-bot' });
    gitlab.tokens.set('glpat-review-notes', { id: 12, username: 'agentship-review-bot' });
    // Slack's incoming webhook, on the same loopback server.
    gitlab.route('POST', '/slack/incoming', () => ({ body: 'ok' }));
    deployments = addGitlabDeployments(gitlab, () => new Date());
    await gitlab.start();

    execFileSync('git', ['init', '--quiet', '--bare', bare]);
    cpSync(EXAMPLES, repo, { recursive: true });
    mkdirSync(join(repo, 'ci/agentship'), { recursive: true });
    for (const file of readdirSync(join(REPO_ROOT, 'gitlab-templates/templates'))) cpSync(join(REPO_ROOT, 'gitlab-templates/templates', file), join(repo, 'ci/agentship', file));
    writeFileSync(join(repo, '.gitlab-ci.yml'), GITLAB_CI);
    writeFileSync(join(repo, 'traffic.mjs'), TRAFFIC_SCRIPT);
    writeFileSync(join(repo, 'usage.mjs'), USAGE_SCRIPT);
    // Scoped to the review environment: only agentship-cost-note gets the token that writes notes.
    writeFileSync(join(repo, '.gitlab-ci-local-variables.yml'), "AGENTSHIP_TOKEN:\n  values:\n    agentship-review: glpat-review-notes\n");
    writeFileSync(join(repo, '.gitignore'), readFileSync(join(repo, '.gitignore'), 'utf8') + '.gitlab-ci-local/\n.gitlab-ci-local-variables.yml\n');
    git(repo, 'init', '--quiet', '-b', 'main');
    git(repo, 'remote', 'add', 'origin', 'https://gitlab.example.com/acme/support-agents.git');
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'support agents');

    // What production serves before this release: an earlier deployment, straight to the bare repository.
    const seeded = runCli(['deploy', repo, '--env', 'production', '--strategy', 'direct', '--remote', bare, '--trigger', 'seed']);
    expect(seeded.status, seeded.stderr).toBe(0);
    seededActive = refOf('refs/agentship/production/active');

    // The release: a new production budget, and an empty AGENTS.md (a warning, for the code quality report).
    const budget = join(repo, 'environments/production/budget-limits.yaml');
    writeFileSync(budget, readFileSync(budget, 'utf8').replace('monthly-budget-usd: 1500', 'monthly-budget-usd: 1600'));
    writeFileSync(join(repo, 'runbooks/AGENTS.md'), '');
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'production budget 1600');
    releaseSha = git(repo, 'rev-parse', 'HEAD');
    // What a clone has: origin/main (merge request rules:changes diff against it).
    git(repo, 'update-ref', 'refs/remotes/origin/main', releaseSha);
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');

    mainRun = await run(['--manual', 'agentship-staging', '--manual', 'agentship-production-canary']);
  }, 600_000);

  afterAll(async () => {
    await gitlab?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs every stage of the default-branch pipeline', () => {
    const results = jobResults(mainRun.output);
    const jobs = ['agentship-validate', 'agentship-dry-run', 'agentship-cost', 'agentship-staging', 'agentship-production-canary', 'agentship-production-compare', 'agentship-production-promote', 'agentship-production-rollback'];
    for (const job of jobs) expect(results.get(job), `${job}\n${mainRun.output.slice(-4000)}`).toBe('PASS');
    expect(mainRun.status, mainRun.output.slice(-4000)).toBe(0);
    // Merge request only, and by hand only: not part of a default-branch pipeline.
    expect(results.has('agentship-cost-note')).toBe(false);
    expect(results.has('agentship-production-rollback-manual')).toBe(false);
    expect(results.has('agentship-monitoring')).toBe(false);
  });

  it('produces the junit, codequality and dotenv reports', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const dryRun = xml.parse(artifact('agentship-dry-run', 'agentship-dry-run.junit.xml'));
    const suites = [dryRun.testsuites?.testsuite ?? []].flat();
    expect(suites.reduce((n: number, s: { tests: string }) => n + Number(s.tests), 0)).toBe(7);
    expect(suites.reduce((n: number, s: { failures: string }) => n + Number(s.failures), 0)).toBe(0);
    expect(artifact('agentship-validate', 'agentship-validate.junit.xml')).toContain('<testsuite');

    const quality = JSON.parse(artifact('agentship-validate', 'agentship-codequality.json')) as Array<{ check_name: string; location: { path: string } }>;
    expect(quality.map((q) => `${q.check_name} ${q.location.path}`)).toContain('instructions/empty-file runbooks/AGENTS.md');

    expect(dotenv('agentship-dry-run')).toMatchObject({ PASS_RATE: '1' });
    expect(Number(dotenv('agentship-dry-run').TOKENS)).toBeGreaterThan(0);
    const cost = JSON.parse(artifact('agentship-cost', 'agentship-cost.json')) as { diff: { headUsd: number } };
    expect(dotenv('agentship-cost')).toEqual({ COST_MONTHLY_USD: cost.diff.headUsd.toFixed(2), COST_DIFF_USD: '0.00', COST_BLOCKING: 'false' });
    expect(dotenv('agentship-production-canary')).toMatchObject({ CANARY_CHANGED: 'true', CANARY_VERSION: releaseSha.slice(0, 12) });
    expect(dotenv('agentship-production-compare')).toEqual({ VERDICT: 'promote' });
  });

  it('deploys to the bare repository: staging, then a canary promoted to take production', () => {
    expect(existsSync(join(bare, 'refs'))).toBe(true);
    expect(refOf('refs/agentship/staging/active')).toMatch(/^[0-9a-f]{40}$/);
    const active = refOf('refs/agentship/production/active');
    expect(active).not.toBe(seededActive);
    const ledger = runCli(['ledger', 'verify', '--git', bare, '--format', 'json']);
    expect(ledger.status, ledger.stderr).toBe(0);
    const entries = (JSON.parse(runCli(['ledger', 'show', '--git', bare, '--format', 'json']).stdout) as { entries: Array<{ environment: string; action: string; version: string; sourceCommit?: string; trigger: string }> }).entries;
    const production = entries.filter((e) => e.environment === 'production').map((e) => `${e.action} ${e.version}`);
    const version = releaseSha.slice(0, 12);
    // The seed (deploy, promote), then this pipeline: the canary, its verdict, its promotion.
    expect(production).toEqual([expect.stringMatching(/^deploy /), expect.stringMatching(/^promote /), `deploy ${version}`, `verdict ${version}`, `promote ${version}`]);
    expect(entries.some((e) => e.environment === 'staging' && e.action === 'deploy' && e.sourceCommit === releaseSha)).toBe(true);
  });

  it('mirrors the production release to the (loopback) GitLab deployments API', () => {
    const production = deployments.filter((d) => d.environment === 'production');
    expect(production.map((d) => [d.sha, d.status])).toEqual([[releaseSha, 'success']]);
    expect(gitlab.requests.filter((r) => r.path.endsWith('/deployments')).every((r) => r.headers['private-token'] === 'glpat-deployer')).toBe(true);
  });

  it('gates a merge request that crosses a budget, passes it with the label, and posts the note with the scoped token', async () => {
    git(repo, 'checkout', '--quiet', '-b', 'more-triage');
    const budget = join(repo, 'environments/production/budget-limits.yaml');
    writeFileSync(budget, readFileSync(budget, 'utf8').replace('triage: { tasks-per-day: 400', 'triage: { tasks-per-day: 8000'));
    git(repo, 'commit', '--quiet', '-am', 'triage for every ticket');
    const mr = [
      '--variable', 'CI_PIPELINE_SOURCE=merge_request_event',
      '--variable', 'CI_MERGE_REQUEST_IID=7',
      '--variable', 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main',
      '--variable', `CI_MERGE_REQUEST_DIFF_BASE_SHA=${releaseSha}`,
    ];

    const blocked = await run([...mr, 'agentship-cost']);
    expect(jobResults(blocked.output).get('agentship-cost'), blocked.output.slice(-3000)).toBe('FAIL');
    expect(blocked.output).toContain('crosses 100% of its monthly budget');

    const approved = await run([...mr, '--variable', 'CI_MERGE_REQUEST_LABELS=triage,cost-approved']);
    const results = jobResults(approved.output);
    expect(results.get('agentship-cost'), approved.output.slice(-3000)).toBe('PASS');
    expect(approved.output).toContain('approved by the label cost-approved');
    expect(results.get('agentship-cost-note')).toBe('PASS');
    expect(results.get('agentship-validate')).toBe('PASS');
    // Release jobs do not run in merge request pipelines.
    expect([...results.keys()].filter((job) => job.includes('production') || job.includes('staging'))).toEqual([]);

    const notes = [...gitlab.notes.values()].flat();
    expect(notes).toHaveLength(1);
    expect(notes[0].author.username).toBe('agentship-review-bot');
    expect(notes[0].body).toContain('agentship cost estimate');
    expect(dotenv('agentship-cost')).toMatchObject({ COST_BLOCKING: 'true' });
  }, 300_000);

  it('reports a scheduled window against the budget and alerts Slack', async () => {
    git(repo, 'checkout', '--quiet', 'main');
    const scheduled = await run(['--variable', 'CI_PIPELINE_SOURCE=schedule', '--variable', `AGENTSHIP_SLACK_WEBHOOK_URL=${gitlab.url}/slack/incoming`, 'agentship-monitoring']);
    expect(jobResults(scheduled.output).get('agentship-monitoring'), scheduled.output.slice(-3000)).toBe('PASS');
    const report = JSON.parse(artifact('agentship-monitoring', 'agentship-report/report.json')) as object;
    expect(JSON.stringify(report)).toContain('triage');
    expect(artifact('agentship-monitoring', 'agentship-report/index.html')).toContain('<html');
    const slack = gitlab.requests.filter((r) => r.path === '/slack/incoming');
    expect(slack).toHaveLength(1);
    expect(JSON.stringify(slack[0].body)).toMatch(/budget/i);
  }, 300_000);
});
