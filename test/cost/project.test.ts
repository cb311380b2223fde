import { describe, expect, it } from 'vitest';
import { buildCostReport, diffProjections, projectCosts, type CostProjection } from '@agentship/core/cost';
import { loadPricer } from '@agentship/core/pricing';
import { costRepo, gitRepoWithChange } from './fixtures.js';

const pricer = await loadPricer();

const env = (p: CostProjection, name: string) => p.environments.find((e) => e.name === name)!;

describe('projectCosts', () => {
  it('projects each environment, agent and model from workload, models and the agent context', async () => {
    const { projection } = await projectCosts(costRepo());
    expect(projection.problems).toEqual([]);
    expect(projection.environments.map((e) => e.name)).toEqual(['production', 'staging']);
    const prod = env(projection, 'production');
    expect(prod.agents.map((a) => [a.agent, a.model, a.tasksPerDay])).toEqual([
      ['reviewer', 'claude-sonnet-4-5', 30],
      ['triage', 'claude-haiku-4-5', 400],
    ]);
    const triage = prod.agents[1];
    // One call per task: context (estimated from o200k with Claude's ratio) + 3000 input, 600 output, 30 days.
    expect(triage.contextTokens).toBeGreaterThan(10);
    const perCall = pricer.priceUsage('claude-haiku-4-5', { input: triage.contextTokens + 3000, output: 600, cacheRead: 0, cacheWrite: 0 }).usd;
    expect(triage.monthlyUsd).toBeCloseTo(perCall * 400 * 30, 2);
    expect(triage.estimate).toBe(true);
    expect(triage.lowUsd).toBeLessThan(triage.monthlyUsd);
    expect(triage.highUsd).toBeGreaterThan(triage.monthlyUsd);
    expect(triage.phases.context + triage.phases.input + triage.phases.output).toBeCloseTo(triage.monthlyUsd, 1);
    expect(triage.phases.output).toBeCloseTo((600 * 5 * 400 * 30) / 1e6, 2);
    expect(prod.monthlyUsd).toBeCloseTo(prod.agents[0].monthlyUsd + triage.monthlyUsd, 2);
  });

  it('adds workflow tasks, applies calls per task, cache reads and batch pricing', async () => {
    const files = {
      'environments/production/budget-limits.yaml': [
        'workload:',
        '  defaults: { avg-input-tokens: 1000, avg-output-tokens: 100 }',
        '  agents:',
        '    triage: { tasks-per-day: 10 }',
        '    reviewer: { tasks-per-day: 0, calls-per-task: 3, batch: true }',
        '  workflows:',
        '    nightly-review: { tasks-per-day: 20, agents: [reviewer, triage] }',
        '',
      ].join('\n'),
    };
    const { projection } = await projectCosts(costRepo(files));
    const [reviewer, triage] = env(projection, 'production').agents;
    expect(triage.tasksPerDay).toBe(30);
    expect(reviewer.tasksPerDay).toBe(20);
    expect(reviewer.callsPerTask).toBe(3);
    const call = pricer.priceUsage('claude-sonnet-4-5', { input: reviewer.contextTokens + 1000, output: 100, cacheRead: 0, cacheWrite: 0 }, { batch: true }).usd;
    expect(reviewer.monthlyUsd).toBeCloseTo(call * 3 * 20 * 30, 2);
    const cached = (await projectCosts(costRepo({ 'environments/production/budget-limits.yaml': 'workload:\n  agents:\n    triage: { tasks-per-day: 100000, avg-input-tokens: 0, avg-output-tokens: 0, cache-read-share: 1 }\n' }))).projection;
    const uncached = (await projectCosts(costRepo({ 'environments/production/budget-limits.yaml': 'workload:\n  agents:\n    triage: { tasks-per-day: 100000, avg-input-tokens: 0, avg-output-tokens: 0 }\n' }))).projection;
    // Cache reads of Haiku cost a tenth of fresh input.
    expect(env(cached, 'production').monthlyUsd / env(uncached, 'production').monthlyUsd).toBeCloseTo(0.1, 2);
  });

  it('uses dry-run usage per task when there are results, in the dry-run results shape', async () => {
    const results = JSON.stringify({
      version: 1,
      kind: 'agentship-dry-run',
      cases: [
        { id: 'a', agent: 'triage', usage: { input: 4000, output: 500, cacheRead: 0, cacheWrite: 0 }, calls: [{ model: 'claude-haiku-4-5' }, { model: 'claude-haiku-4-5' }] },
        { id: 'b', agent: 'triage', usage: { input: 2000, output: 300, cacheRead: 0, cacheWrite: 0 }, calls: [{ model: 'claude-haiku-4-5' }] },
        { id: 'c', agent: 'triage', usage: 'broken', calls: [] },
      ],
    });
    const root = costRepo({ 'agentship.yaml': 'agents:\n  triage: {}\n  reviewer: {}\ncost:\n  dry-run-results: results.json\n', 'results.json': results });
    const { projection } = await projectCosts(root);
    const triage = env(projection, 'production').agents.find((a) => a.agent === 'triage')!;
    expect(triage.usageSource).toBe('dry-run');
    expect(triage.perTask).toEqual({ input: 3000, output: 400, cacheRead: 0, cacheWrite: 0 });
    expect(triage.callsPerTask).toBe(1.5);
    expect(triage.monthlyUsd).toBeCloseTo(((3000 * 1 + 400 * 5) / 1e6) * 400 * 30, 2);
    expect(projection.problems.map((p) => p.ruleId)).toEqual(['cost/invalid-dry-run-results']);
  });

  it('reports bad workload values with their lines, agents without a model or a price, and goes on', async () => {
    const root = costRepo({
      'environments/production/budget-limits.yaml': 'monthly-budget-usd: lots\nalert-levels: 90\nworkload:\n  agents:\n    triage: { tasks-per-day: -1 }\n    reviewer: { tasks-per-day: 5, speed: fast }\n    ghost: { tasks-per-day: 1 }\n',
      'environments/production/model-overrides.yaml': 'agents:\n  reviewer: { model: acme-llm-large }\n',
    });
    const { projection } = await projectCosts(root);
    const found = projection.problems.map((p) => `${p.ruleId} ${p.file}:${p.line ?? ''}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'cost/invalid-workload environments/production/budget-limits.yaml:1',
        'cost/invalid-workload environments/production/budget-limits.yaml:2',
        'cost/invalid-workload environments/production/budget-limits.yaml:5',
        'cost/invalid-workload environments/production/budget-limits.yaml:6',
        'cost/unknown-agent environments/production/budget-limits.yaml:',
        'cost/no-model environments/production/model-overrides.yaml:',
        'cost/unknown-model environments/production/model-overrides.yaml:',
      ]),
    );
    const prod = env(projection, 'production');
    expect(prod.alertLevels).toEqual([70, 90, 100]);
    expect(prod.agents.find((a) => a.agent === 'reviewer')).toMatchObject({ unpriced: true, monthlyUsd: 0 });
  });
});

describe('diffProjections', () => {
  const projection = (usd: number, budget = 100, levels = [70, 90, 100]): CostProjection => ({
    version: 1,
    daysPerMonth: 30,
    problems: [],
    environments: [{ name: 'production', budgetUsd: budget, alertLevels: levels, monthlyUsd: usd, lowUsd: usd, highUsd: usd, agents: [] }],
  });

  it('blocks only a crossing the base did not have', () => {
    const crossing = diffProjections(projection(120), projection(80));
    expect(crossing.blocking).toBe(true);
    expect(crossing.environments[0].crossed).toEqual([
      { level: 70, thresholdUsd: 70, newInHead: false },
      { level: 90, thresholdUsd: 90, newInHead: true },
      { level: 100, thresholdUsd: 100, newInHead: true },
    ]);
    expect(diffProjections(projection(130), projection(110)).blocking).toBe(false);
    expect(diffProjections(projection(95), projection(50)).blocking).toBe(false);
    expect(diffProjections(projection(95), projection(50), { failAt: 90 }).blocking).toBe(true);
    expect(diffProjections(projection(120), undefined).blocking).toBe(true);
  });

  it('computes the diff and its percentage', () => {
    const diff = diffProjections(projection(115), projection(100, 1000));
    expect(diff).toMatchObject({ hasBase: true, baseUsd: 100, headUsd: 115, diffUsd: 15 });
    expect(diff.diffPercent).toBeCloseTo(15, 6);
  });
});

describe('base vs head from two checkouts', () => {
  it('projects the base ref with git archive and flags the model swap as an anomaly', async () => {
    const root = costRepo();
    const base = gitRepoWithChange(root, { 'environments/production/model-overrides.yaml': 'default-model: claude-sonnet-4-5\n' });
    const { report } = await buildCostReport(root, { baseRef: base, environments: ['production'] });
    expect(report.baseCommit).toBe(base);
    const prod = report.diff.environments[0];
    expect(prod.diffUsd).toBeGreaterThan(0);
    const triage = prod.agents.find((a) => a.agent === 'triage')!;
    expect([triage.baseModel, triage.headModel]).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-5']);
    expect(report.diff.anomalies.map((a) => `${a.agent}: ${a.message}`)).toEqual(expect.arrayContaining(['triage: model changed from claude-haiku-4-5 to claude-sonnet-4-5']));
    // Crossing 100% of $200 is new with this change: it blocks.
    expect(report.diff.blocking).toBe(true);
  });

  it('names a ref that is not there', async () => {
    const root = costRepo();
    gitRepoWithChange(root, { 'AGENTS.md': '# changed\n' });
    await expect(buildCostReport(root, { baseRef: 'no-such-branch' })).rejects.toThrow(/Base ref "no-such-branch" is not in the repository/);
  });

  it('names an environment that is not there', async () => {
    await expect(buildCostReport(costRepo(), { environments: ['prod'] })).rejects.toThrow(/No environment "prod".*found: production, staging/);
  });
});
