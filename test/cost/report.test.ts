import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@agentship/core';
import { buildCostReport, checkoutBase, costConfig, projectCosts, readStoredProjection, type CostProjection } from '@agentship/core/cost';
import { makeTree } from '../helpers.js';
import { costRepo, git, gitRepoWithChange } from './fixtures.js';

const env = (p: CostProjection, name: string) => p.environments.find((e) => e.name === name)!;

describe('costConfig: the cost section of agentship.yaml', () => {
  it('keeps the values it can use and falls back to the defaults for the others', () => {
    const config = (cost: unknown) => costConfig({ ...defaultConfig(), cost } as ReturnType<typeof defaultConfig>);
    expect(config({ 'days-per-month': 22, 'fail-at': 90, 'anomaly-percent': 25, comment: { behavior: 'hide-and-new', tag: 'costs', author: 'bot' }, approval: { label: 'budget-ok', team: 'acme/finance' } })).toEqual({
      prices: undefined,
      dryRunResults: undefined,
      daysPerMonth: 22,
      failAt: 90,
      anomalyPercent: 25,
      comment: { behavior: 'hide-and-new', tag: 'costs', author: 'bot' },
      approval: { label: 'budget-ok', team: 'acme/finance' },
    });
    // 0, negative, infinite or non-numeric numbers, an unknown behaviour, empty strings: the defaults.
    expect(config({ 'days-per-month': 0, 'fail-at': -5, 'anomaly-percent': '50', prices: '', comment: { behavior: 'sometimes', tag: '' }, approval: [] })).toEqual({
      prices: undefined,
      dryRunResults: undefined,
      daysPerMonth: 30,
      failAt: 100,
      anomalyPercent: 50,
      comment: { behavior: 'update', tag: 'agentship-cost', author: undefined },
      approval: { label: 'cost-approved', team: undefined },
    });
    expect(config({ 'days-per-month': Infinity }).daysPerMonth).toBe(30);
  });
});

describe('projectCosts: files named on the command line and in agentship.yaml', () => {
  it('a --prices file is read relative to the working folder and wins over cost.prices', async () => {
    const root = costRepo({
      'agentship.yaml': 'agents:\n  triage: {}\n  reviewer: {}\ncost:\n  prices: prices.yaml\n',
      'prices.yaml': 'models:\n  claude-haiku-4-5: { discount-percent: 50 }\n',
      'other/prices.yaml': 'models:\n  claude-haiku-4-5: { input-per-mtok: 0, output-per-mtok: 0 }\n',
    });
    const listed = (await projectCosts(costRepo())).projection;
    const fromConfig = (await projectCosts(root)).projection;
    const fromOption = (await projectCosts(root, { pricesPath: join(root, 'other/prices.yaml') })).projection;
    const triage = (p: CostProjection) => env(p, 'staging').agents[0];
    expect(triage(fromConfig).monthlyUsd).toBeCloseTo(triage(listed).monthlyUsd / 2, 1);
    expect(triage(fromConfig).priceSource).toBe('genai-prices anthropic/claude-haiku-4-5 via prices.yaml');
    expect(triage(fromOption)).toMatchObject({ monthlyUsd: 0, priceSource: `override ${join(root, 'other/prices.yaml')}` });
  });

  it('a missing cost.dry-run-results file is no finding (no dry run yet); a missing --dry-run-results file is', async () => {
    const root = costRepo({ 'agentship.yaml': 'agents:\n  triage: {}\n  reviewer: {}\ncost:\n  dry-run-results: out/results.json\n' });
    expect((await projectCosts(root)).projection.problems).toEqual([]);
    const named = (await projectCosts(root, { dryRunResultsPath: join(root, 'out/missing.json') })).projection.problems;
    expect(named.map((p) => [p.ruleId, p.file, p.severity])).toEqual([['cost/invalid-dry-run-results', join(root, 'out/missing.json'), 'warning']]);
  });

  it('an agent only the dry run knows takes its model from the results; one without a model or a price is reported on the budget file', async () => {
    const root = makeTree({
      'AGENTS.md': '# Agent\n\nBe brief.\n',
      'environments/production/budget-limits.yaml': 'workload:\n  agents:\n    night-shift: { tasks-per-day: 10 }\n    ghost: { tasks-per-day: 5 }\n    custom: { tasks-per-day: 1 }\n',
      'results.json': JSON.stringify({ cases: [{ id: 'a', agent: 'night-shift', usage: { input: 10_000, output: 1000 }, calls: [{ model: 'claude-haiku-4-5' }] }, { id: 'b', agent: 'ghost', usage: { input: 1, output: 1 } }, { id: 'c', agent: 'custom', usage: { input: 1, output: 1 }, calls: [{ model: 'acme-llm-large' }] }] }),
    });
    const { projection } = await projectCosts(root, { dryRunResultsPath: join(root, 'results.json') });
    const [custom, ghost, nightShift] = env(projection, 'production').agents;
    expect(custom).toMatchObject({ model: 'acme-llm-large', unpriced: true, monthlyUsd: 0 });
    expect(nightShift).toMatchObject({ model: 'claude-haiku-4-5', usageSource: 'dry-run', monthlyUsd: 4.5 }); // (10k x $1 + 1k x $5) / 1M x 10 x 30
    expect(ghost).toMatchObject({ model: undefined, usageSource: 'dry-run', unpriced: true, monthlyUsd: 0, priceSource: 'no model' });
    // No model-overrides.yaml: the finding points at the file that named the agent.
    expect(projection.problems.map((p) => `${p.ruleId} ${p.file}`)).toEqual(['cost/unknown-model environments/production/budget-limits.yaml', 'cost/no-model environments/production/budget-limits.yaml']);
  });
});

describe('buildCostReport: the base from a stored report', () => {
  it('reads a whole report (its head) or a bare projection as the base, keeping only the environments asked for', async () => {
    const root = costRepo();
    const { report } = await buildCostReport(root);
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'out/report.json'), JSON.stringify(report));
    writeFileSync(join(root, 'out/projection.json'), JSON.stringify(report.head));
    expect(readStoredProjection(join(root, 'out/report.json'))).toEqual(report.head);
    expect(readStoredProjection(join(root, 'out/projection.json'))).toEqual(report.head);
    const again = (await buildCostReport(root, { baseResults: join(root, 'out/report.json'), environments: ['staging'] })).report;
    expect(again.diff.environments.map((e) => [e.name, e.diffUsd])).toEqual([['staging', 0]]);
    expect(again.base!.environments.map((e) => e.name)).toEqual(['staging']);
    // An environment the stored base lacks is new in the head, not an error.
    writeFileSync(join(root, 'out/production-only.json'), JSON.stringify({ ...report.head, environments: [env(report.head, 'production')] }));
    const added = (await buildCostReport(root, { baseResults: join(root, 'out/production-only.json'), environments: ['staging'] })).report;
    expect(added.base!.environments).toEqual([]);
    expect(added.diff.environments[0]).toMatchObject({ name: 'staging', baseUsd: undefined, diffUsd: env(report.head, 'staging').monthlyUsd });
  });

  it('names a base file that is not JSON or not a cost report', () => {
    const root = makeTree({ 'broken.json': '{"version": 1,', 'other.json': '{"version": 1, "kind": "agentship-dry-run", "cases": []}', 'report.json': '{"kind": "agentship-cost", "head": null}' });
    expect(() => readStoredProjection(join(root, 'broken.json'))).toThrow(/^Base results .*broken\.json could not be read as JSON: /);
    expect(() => readStoredProjection(join(root, 'other.json'))).toThrow(/other\.json are not an agentship cost report \(agentship cost --format json\)/);
    expect(() => readStoredProjection(join(root, 'report.json'))).toThrow(/report\.json are not an agentship cost report/);
    expect(() => readStoredProjection(join(root, 'missing.json'))).toThrow(/missing\.json could not be read as JSON: ENOENT/);
  });

  it('says "found: none" when the repository has no environment at all', async () => {
    await expect(buildCostReport(makeTree({ 'AGENTS.md': '# a\n' }), { environments: ['production'] })).rejects.toThrow('No environment "production" with budget-limits or model-overrides files; found: none.');
  });
});

describe('checkoutBase', () => {
  it('is a configuration error outside a git repository', () => {
    expect(() => checkoutBase(makeTree({ 'AGENTS.md': '# a\n' }), 'main')).toThrow(/--base needs a git repository, and .* is not in one\./);
  });

  it('from a subfolder, materialises that subfolder of the base; a folder the base did not have is empty', () => {
    const repo = makeTree({ 'README.md': '# monorepo\n', 'agents-config/AGENTS.md': '# Base rules\n' });
    const base = gitRepoWithChange(repo, { 'agents-config/AGENTS.md': '# Head rules\n' });
    const tree = checkoutBase(join(repo, 'agents-config'), base);
    try {
      expect(tree.commit).toBe(base);
      expect(tree.root.endsWith('/agents-config')).toBe(true);
      expect(textAt(tree.root, 'AGENTS.md')).toBe('# Base rules\n');
      expect(textAt(tree.root, '../README.md')).toBeUndefined();
    } finally {
      tree.cleanup();
    }
    mkdirSync(join(repo, 'new-folder'));
    writeFileSync(join(repo, 'new-folder/AGENTS.md'), '# New\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'new folder');
    const fresh = checkoutBase(join(repo, 'new-folder'), base);
    try {
      expect(textAt(fresh.root, 'AGENTS.md')).toBeUndefined();
    } finally {
      fresh.cleanup();
    }
  });
});

/** The text of a file, or undefined when there is none. */
function textAt(root: string, rel: string): string | undefined {
  try {
    return readFileSync(join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}
