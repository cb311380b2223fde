import { describe, expect, it } from 'vitest';
import { diffProjections, formatPercent, formatSignedUsd, formatUsd, headline, renderCostMarkdown, type AgentProjection, type CostProjection, type EnvironmentProjection } from '@agentship/core/cost';

// Hand-made projections: what is compared is the diff and the report, not the prices.
function agent(name: string, usd: number, over: Partial<AgentProjection> = {}): AgentProjection {
  return {
    agent: name,
    model: 'claude-haiku-4-5',
    tasksPerDay: 100,
    callsPerTask: 1,
    usageSource: 'configured',
    perTask: { input: 4000, output: 600, cacheRead: 0, cacheWrite: 0 },
    contextTokens: 1000,
    monthlyUsd: usd,
    lowUsd: usd,
    highUsd: usd,
    estimate: false,
    priceSource: 'genai-prices anthropic/claude-haiku-4-5',
    phases: { context: 0, input: usd / 2, output: usd / 2 },
    ...over,
  };
}

function env(name: string, agents: AgentProjection[], over: Partial<EnvironmentProjection> = {}): EnvironmentProjection {
  const usd = agents.reduce((s, a) => s + a.monthlyUsd, 0);
  return { name, budgetUsd: 1000, alertLevels: [70, 90, 100], monthlyUsd: usd, lowUsd: usd, highUsd: usd, agents, ...over };
}

const projection = (...environments: EnvironmentProjection[]): CostProjection => ({ version: 1, daysPerMonth: 30, problems: [], environments });

describe('diffProjections: anomalies against the base', () => {
  it('flags a cost jump over anomaly-percent, a grown context and a model set where there was none', () => {
    const base = projection(env('production', [agent('triage', 100, { contextTokens: 1000 }), agent('reviewer', 10, { model: undefined, unpriced: true }), agent('writer', 100, { contextTokens: 1000 })]));
    const head = projection(env('production', [agent('triage', 151, { contextTokens: 1000 }), agent('reviewer', 12), agent('writer', 120, { contextTokens: 1501 })]));
    expect(diffProjections(head, base).anomalies.map((a) => `${a.environment}/${a.agent}: ${a.message}`)).toEqual([
      'production/reviewer: model changed from none to claude-haiku-4-5',
      'production/triage: monthly cost up +51% (+$51.00)',
      'production/writer: context grew from 1,000 to 1,501 tokens per call',
    ]);
    // At the threshold nothing is flagged; a higher anomaly-percent raises it.
    const calm = projection(env('production', [agent('triage', 150, { contextTokens: 1000 }), agent('writer', 100, { contextTokens: 1500 })]));
    expect(diffProjections(calm, projection(env('production', [agent('triage', 100), agent('writer', 100)]))).anomalies).toEqual([]);
    expect(diffProjections(head, base, { anomalyPercent: 60 }).anomalies.map((a) => a.agent)).toEqual(['reviewer']);
    const unset = diffProjections(projection(env('production', [agent('triage', 0, { model: undefined, unpriced: true })])), projection(env('production', [agent('triage', 100)])));
    expect(unset.anomalies.map((a) => a.message)).toEqual(['model changed from claude-haiku-4-5 to none']);
  });

  it('a jump under a dollar is not an anomaly, whatever its percentage', () => {
    const diff = diffProjections(projection(env('production', [agent('triage', 0.9)])), projection(env('production', [agent('triage', 0.1)])));
    expect(diff.environments[0].agents[0].diffPercent).toBeCloseTo(800, 6);
    expect(diff.anomalies).toEqual([]);
  });

  it('compares an agent removed in the head, an environment removed in the head, and a new environment', () => {
    const base = projection(env('production', [agent('triage', 100), agent('legacy', 40)]), env('qa', [agent('triage', 20)]));
    const head = projection(env('production', [agent('triage', 100)]), env('staging', [agent('triage', 30)]));
    const diff = diffProjections(head, base);
    expect(diff.environments.map((e) => [e.name, e.baseUsd, e.headUsd, e.diffUsd, e.diffPercent])).toEqual([
      ['production', 140, 100, -40, expect.closeTo(-28.571, 2)],
      ['staging', undefined, 30, 30, undefined],
      ['qa', 20, 0, -20, -100],
    ]);
    const removedEnv = diff.environments[2];
    // No head, so no budget and no crossings for qa; its agents are all removed.
    expect(removedEnv).toMatchObject({ crossed: [], blocking: false, head: undefined, budgetUsd: undefined });
    expect(removedEnv.agents.map((a) => [a.agent, a.baseUsd, a.headUsd, a.diffUsd])).toEqual([['triage', 20, undefined, -20]]);
    expect(diff.environments[0].agents.find((a) => a.agent === 'legacy')).toMatchObject({ baseUsd: 40, headUsd: undefined, diffUsd: -40, diffPercent: -100 });
    expect(diff.anomalies.map((a) => `${a.environment}/${a.agent}: ${a.message}`)).toEqual(['staging/triage: new workload: $30.00 a month']);
    expect(diff).toMatchObject({ baseUsd: 160, headUsd: 130, diffUsd: -30 });
  });

  it('measures the base against the head budget: raising the budget in the same change clears a crossing', () => {
    const base = projection(env('production', [agent('triage', 950)], { budgetUsd: 1000 }));
    const head = projection(env('production', [agent('triage', 1100)], { budgetUsd: 2000 }));
    const diff = diffProjections(head, base);
    expect(diff.environments[0]).toMatchObject({ percentOfBudget: expect.closeTo(55, 9), crossed: [], blocking: false });
    // Without a budget nothing is crossed and nothing blocks, however high the cost.
    const noBudget = diffProjections(projection(env('production', [agent('triage', 1e6)], { budgetUsd: undefined })), undefined);
    expect(noBudget.environments[0]).toMatchObject({ percentOfBudget: undefined, crossed: [], blocking: false });
  });
});

describe('headline and the markdown report', () => {
  it('says which environment moved, and how: new, from zero, falls, unchanged, nothing to project', () => {
    const prod = (usd: number) => env('production', [agent('triage', usd)]);
    expect(headline(diffProjections(projection(prod(100), env('staging', [agent('triage', 500)])), projection(prod(100))))).toBe('Monthly estimate for staging rises by $500 (new environment) 📈');
    expect(headline(diffProjections(projection(prod(25)), projection(prod(0))))).toBe('Monthly estimate for production rises by $25.00 (from $0.00) 📈');
    expect(headline(diffProjections(projection(prod(75)), projection(prod(100))))).toBe('Monthly estimate for production falls by $25.00 (-25%) 📉');
    expect(headline(diffProjections(projection(prod(100)), projection(prod(100))))).toBe('Monthly estimate unchanged: $100');
    expect(headline(diffProjections(projection(prod(100)), undefined))).toBe('Monthly estimate for production: $100');
    expect(headline(diffProjections(projection(), undefined))).toBe('No environment has a workload: add workload to environments/<env>/budget-limits.yaml');
  });

  it('shows an environment without a budget, a range only when the estimate has one, removed agents, and problems with their lines', () => {
    const base = projection(env('production', [agent('triage', 100), agent('legacy', 40)], { budgetUsd: undefined }));
    const head = projection(
      env('production', [agent('triage', 120, { lowUsd: 116, highUsd: 130, estimate: true }), agent('drafter', 0, { model: undefined, unpriced: true, priceSource: 'no model' })], { budgetUsd: undefined, lowUsd: 116, highUsd: 130 }),
      env('staging', [agent('triage', 10)], { budgetUsd: 100 }),
    );
    const markdown = renderCostMarkdown(diffProjections(head, base), {
      problems: [
        { ruleId: 'cost/invalid-workload', severity: 'error', message: 'workload.agents.triage.batch must be true or false.', file: 'environments/production/budget-limits.yaml', line: 7 },
        { ruleId: 'cost/no-model', severity: 'error', message: 'No model for "drafter" in production.', file: 'environments/production/budget-limits.yaml' },
      ],
    });
    const rows = markdown.split('\n');
    expect(rows).toContain('| production | $140 | $120 <sub>($116–$130)</sub> | -$20.00 (-14%) | no budget |');
    expect(rows).toContain('| staging | – | $10.00 | +$10.00 | 10% of $100 |');
    expect(rows).toContain('| legacy | claude-haiku-4-5 | – | $40.00 | – | -$40.00 (-100%) | – | – | – | removed |');
    expect(rows).toContain('| drafter | none | 100 | – | $0.00 | $0.00 | $0.00 | $0.00 | $0.00 | no price (no model) |');
    expect(rows).toContain('| triage | claude-haiku-4-5 | 100 | $100 | $120 | +$20.00 (+20%) | $0.00 | $60.00 | $60.00 | estimate, $116–$130 |');
    expect(rows).toContain('| triage | claude-haiku-4-5 | 100 | – | $10.00 | +$10.00 | $0.00 | $5.00 | $5.00 | configuration |');
    expect(rows).toContain('- error `cost/invalid-workload` `environments/production/budget-limits.yaml:7`: workload.agents.triage.batch must be true or false.');
    expect(rows).toContain('- error `cost/no-model` `environments/production/budget-limits.yaml`: No model for "drafter" in production.');
  });

  it('charts the environment that moved most, the larger one when two moved alike', () => {
    const base = projection(env('production', [agent('triage', 100)]), env('staging', []));
    const head = projection(env('production', [agent('triage', 150)]), env('staging', [agent('reviewer', 50)]));
    const markdown = renderCostMarkdown(diffProjections(head, base));
    expect(markdown).toContain('  title "production: monthly cost per agent (USD), bars new, line previous"\n  x-axis ["triage"]\n  y-axis "USD per month"\n  bar [150]\n  line [100]');
  });

  it('draws no chart when no environment has an agent', () => {
    const markdown = renderCostMarkdown(diffProjections(projection(env('production', [])), undefined));
    expect(markdown).toContain('| production | – | $0.00 | – | 0% of $1,000 |');
    expect(markdown).not.toContain('```mermaid');
  });

  it('cuts to the limit itself when even the report without details and chart is too long', () => {
    const many = projection(...Array.from({ length: 40 }, (_, i) => env(`environment-${i}`, [agent('triage', 10 + i)])));
    const diff = diffProjections(many, undefined);
    const short = renderCostMarkdown(diff, { maxLength: 500 });
    expect(short.length).toBe(500);
    expect(short.startsWith('#### 💰 agentship cost estimate')).toBe(true);
    expect(short).not.toContain('```mermaid');
  });

  it('formats money and percentages for reviewers', () => {
    expect([formatUsd(1234.5), formatUsd(99.999), formatUsd(-0.5)]).toEqual(['$1,235', '$100.00', '-$0.50']);
    expect([formatSignedUsd(3), formatSignedUsd(-3), formatSignedUsd(0)]).toEqual(['+$3.00', '-$3.00', '$0.00']);
    expect([formatPercent(12.345), formatPercent(1.26), formatPercent(-0.04), formatPercent(0)]).toEqual(['+12%', '+1.3%', '0%', '0%']);
  });
});
