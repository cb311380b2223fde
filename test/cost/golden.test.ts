import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffProjections, renderCostMarkdown, type AgentProjection, type CostProjection } from '@agentship/core/cost';
import { REPO_ROOT } from '../helpers.js';

const GOLDEN = join(REPO_ROOT, 'test/cost/golden');

/** Compares with test/cost/golden/<name>.md; UPDATE_GOLDEN=1 rewrites the file instead. */
function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN, `${name}.md`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

// Hand-made projections, so that a price update in @pydantic/genai-prices does not move the goldens.
function agent(name: string, model: string, usd: number, over: Partial<AgentProjection> = {}): AgentProjection {
  return {
    agent: name,
    model,
    tasksPerDay: 100,
    callsPerTask: 1,
    usageSource: 'configured',
    perTask: { input: 4000, output: 600, cacheRead: 0, cacheWrite: 0 },
    contextTokens: 1000,
    monthlyUsd: usd,
    lowUsd: Math.round(usd * 98) / 100,
    highUsd: Math.round(usd * 103) / 100,
    estimate: true,
    priceSource: `genai-prices anthropic/${model}`,
    phases: { context: Math.round(usd * 20) / 100, input: Math.round(usd * 40) / 100, output: Math.round(usd * 40) / 100 },
    ...over,
  };
}

function projection(envs: Array<{ name: string; budget?: number; agents: AgentProjection[] }>): CostProjection {
  return {
    version: 1,
    daysPerMonth: 30,
    problems: [],
    environments: envs.map((e) => {
      const total = (pick: (a: AgentProjection) => number) => Math.round(e.agents.reduce((s, a) => s + pick(a), 0) * 100) / 100;
      return { name: e.name, budgetUsd: e.budget, alertLevels: [70, 90, 100], monthlyUsd: total((a) => a.monthlyUsd), lowUsd: total((a) => a.lowUsd), highUsd: total((a) => a.highUsd), agents: e.agents };
    }),
  };
}

const base = projection([
  { name: 'production', budget: 1500, agents: [agent('reviewer', 'claude-sonnet-4-5', 560), agent('triage', 'claude-haiku-4-5', 540)] },
  { name: 'staging', budget: 300, agents: [agent('triage', 'claude-haiku-4-5', 108)] },
]);

describe('cost report markdown (golden files)', () => {
  it('a change that newly crosses the production budget', () => {
    const head = projection([
      { name: 'production', budget: 1500, agents: [agent('docs-writer', 'claude-sonnet-4-5', 96.5), agent('reviewer', 'claude-sonnet-4-5', 560), agent('triage', 'claude-sonnet-4-5', 1620)] },
      { name: 'staging', budget: 300, agents: [agent('triage', 'claude-haiku-4-5', 108)] },
    ]);
    const diff = diffProjections(head, base);
    const markdown = renderCostMarkdown(diff, {
      approval: { approved: false, label: 'cost-approved', team: 'acme/platform' },
      problems: [{ ruleId: 'cost/unknown-agent', severity: 'warning', message: 'Workload for "ghost" in production, but the repository has no such agent; its context is counted as 0 tokens.', file: 'environments/production/budget-limits.yaml' }],
    });
    expectGolden('blocked', markdown);
  });

  it('the same change, approved by a team member', () => {
    const head = projection([{ name: 'production', budget: 1500, agents: [agent('reviewer', 'claude-sonnet-4-5', 560), agent('triage', 'claude-sonnet-4-5', 1620)] }]);
    const diff = diffProjections(head, projection([{ name: 'production', budget: 1500, agents: [agent('reviewer', 'claude-sonnet-4-5', 560), agent('triage', 'claude-haiku-4-5', 540)] }]));
    expectGolden('approved', renderCostMarkdown(diff, { approval: { approved: true, by: 'review by @carol (acme/platform)', label: 'cost-approved', team: 'acme/platform' } }));
  });

  it('a saving, with dry-run usage and an unpriced model', () => {
    const head = projection([
      { name: 'production', budget: 1500, agents: [agent('reviewer', 'claude-haiku-4-5', 187, { usageSource: 'dry-run', estimate: false, lowUsd: 187, highUsd: 187 }), agent('triage', 'claude-haiku-4-5', 540), agent('summarizer', 'acme-llm-large', 0, { unpriced: true, priceSource: 'no price for acme-llm-large', lowUsd: 0, highUsd: 0 })] },
      { name: 'staging', budget: 300, agents: [agent('triage', 'claude-haiku-4-5', 108)] },
    ]);
    expectGolden('saving', renderCostMarkdown(diffProjections(head, base)));
  });

  it('a first run without a base', () => {
    expectGolden('first-run', renderCostMarkdown(diffProjections(base, undefined)));
  });

  it('drops the details, then the chart, to fit a size limit', () => {
    const head = projection([{ name: 'production', budget: 1500, agents: Array.from({ length: 60 }, (_, i) => agent(`agent-${i}`, 'claude-haiku-4-5', 10 + i)) }]);
    const diff = diffProjections(head, undefined);
    const full = renderCostMarkdown(diff);
    const fitted = renderCostMarkdown(diff, { maxLength: 3000 });
    expect(full.length).toBeGreaterThan(3000);
    expect(fitted.length).toBeLessThanOrEqual(3000);
    expect(fitted).not.toContain('<details>');
    expect(fitted).toContain('Details were left out to fit the comment size limit');
  });
});
