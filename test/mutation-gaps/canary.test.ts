// Behaviour of the canary judge, its statistics and the routing function that the mutation run
// (npm run mutation -- canary, docs/quality.md) showed no test pinned down.
import { describe, expect, it } from 'vitest';
import {
  classifyMetric,
  defaultCanaryConfig,
  judgeCanary,
  mannWhitneyU,
  mcnemarChiSquare,
  normalCdf,
  sameTaskSet,
  wilcoxonSignedRank,
  type CanaryConfig,
  type MetricConfig,
  type TaskRecord,
} from '@agentship/core/canary';
import { ROUTING_TEST_VECTORS, route } from '@agentship/core/routing';

const tasks = (n: number, f: (i: number) => Partial<TaskRecord>): TaskRecord[] => Array.from({ length: n }, (_, i) => ({ taskId: `t${i}`, ...f(i) }));
const healthy = (i: number): Partial<TaskRecord> => ({ success: true, score: 0.5 + (i % 7) / 20, latencyMs: 900 + i * 3, tokens: 1500 + i, costUsd: 0.02 + i / 1000, error: false });
const metricOf = (name: MetricConfig['name'], extra: Partial<MetricConfig> = {}): MetricConfig => ({ ...defaultCanaryConfig().metrics.find((m) => m.name === name)!, ...extra });
const byName = (metrics: { name: string }[], name: string) => metrics.find((m) => m.name === name)!;

describe('the default canary config', () => {
  it('fails a rise in tokens or cost beyond 10% in the cost group, and lets falls pass', () => {
    const base = tasks(30, healthy);
    const moreTokens = judgeCanary(base, tasks(30, (i) => ({ ...healthy(i), tokens: healthy(i).tokens! * 1.3 })));
    expect(byName(moreTokens.metrics, 'tokens')).toMatchObject({ classification: 'high', groups: ['cost'] });
    // cost group: tokens fails, cost passes = 50; 60 + 20 + 50 × 0.2 = 90.
    expect(moreTokens.groups.find((g) => g.name === 'cost')).toMatchObject({ score: 50, weight: 20 });
    expect(moreTokens.score).toBe(90);
    const dearer = judgeCanary(base, tasks(30, (i) => ({ ...healthy(i), costUsd: healthy(i).costUsd! * 1.3 })));
    expect(byName(dearer.metrics, 'cost')).toMatchObject({ classification: 'high', groups: ['cost'] });
    expect(dearer.score).toBe(90);

    const cheaper = judgeCanary(base, tasks(30, (i) => ({ ...healthy(i), latencyMs: 500 + i, tokens: 900 + i, costUsd: 0.01 })));
    expect(cheaper.metrics.map((m) => m.classification)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
    expect(cheaper.verdict).toBe('promote');
  });
});

describe('classifyMetric: significance and tolerance are both needed to fail', () => {
  it('a rise beyond the tolerance that is not significant passes', () => {
    const r = classifyMetric(metricOf('latency'), tasks(3, (i) => ({ latencyMs: 100 * (i + 1) })), tasks(3, (i) => ({ latencyMs: 100 * (i + 1) + 50 })), false, 0.05);
    expect(r.shift).toBe(50);
    expect(r.classification).toBe('pass');
    expect(r.reason).toMatch(/^no significant increase \(p = /);
  });

  it('p exactly alpha is not significant (the smallest exact p of 3 against 3 is 1/20)', () => {
    const r = classifyMetric(metricOf('latency', { tolerance: 0 }), tasks(3, (i) => ({ latencyMs: i })), tasks(3, (i) => ({ latencyMs: 10 + i })), false, 0.05);
    expect(r).toMatchObject({ test: 'mann-whitney-u', method: 'exact', p: 0.05, classification: 'pass' });
    expect(r.reason).toBe('no significant increase (p = 0.05, shift 10)');
    const down = classifyMetric(metricOf('score', { tolerance: 0 }), tasks(3, (i) => ({ score: 10 + i })), tasks(3, (i) => ({ score: i })), false, 0.05);
    expect(down).toMatchObject({ p: 0.05, classification: 'pass' });
  });

  it('a shift exactly at the tolerance passes, on either side', () => {
    const base = tasks(30, healthy);
    const up = classifyMetric(metricOf('tokens', { tolerance: 100 }), base, tasks(30, (i) => ({ tokens: healthy(i).tokens! + 100 })), true, 0.05);
    expect(up).toMatchObject({ shift: 100, classification: 'pass' });
    expect(up.reason).toMatch(/^shift 100 is within the tolerance 100 \(p = /);
    const down = classifyMetric(metricOf('tokens', { direction: 'decrease', tolerance: 100 }), base, tasks(30, (i) => ({ tokens: healthy(i).tokens! - 100 })), true, 0.05);
    expect(down).toMatchObject({ shift: -100, classification: 'pass' });
  });

  it('a significant fall within the tolerance passes', () => {
    const r = classifyMetric(metricOf('score', { tolerance: 0.1 }), tasks(30, healthy), tasks(30, (i) => ({ score: healthy(i).score! - 0.05 })), true, 0.05);
    expect(r.classification).toBe('pass');
    expect(r.reason).toMatch(/^shift -0\.05 is within the tolerance 0\.1/);
  });

  it('direction either decides on the two-sided p: one-sided 0.05 is two-sided 0.1', () => {
    const base = tasks(3, (i) => ({ latencyMs: i }));
    const cand = tasks(3, (i) => ({ latencyMs: 10 + i }));
    const either = classifyMetric(metricOf('latency', { direction: 'either', tolerance: 0 }), base, cand, false, 0.08);
    expect(either).toMatchObject({ p: 0.1, classification: 'pass' });
    expect(either.reason).toBe('no significant change (p = 0.1, shift 10)');
    expect(classifyMetric(metricOf('latency', { direction: 'increase', tolerance: 0 }), base, cand, false, 0.08).classification).toBe('high');
  });

  it('reads percentages with decimals and spaces, and refuses text around them', () => {
    const base = tasks(10, (i) => ({ latencyMs: 100 + i }));
    const cand = tasks(10, (i) => ({ latencyMs: 101 + i }));
    expect(classifyMetric(metricOf('latency', { tolerance: ' 12.25 % ' }), base, cand, true, 0.05).tolerance).toBeCloseTo(0.1225 * 104.5, 6);
    for (const tolerance of ['x10%', '10%x', '10% of it']) {
      expect(() => classifyMetric(metricOf('latency', { tolerance }), base, cand, true, 0.05)).toThrow(RangeError);
    }
  });

  it('paired, a task without the value on the baseline side drops out of both sides', () => {
    const base = tasks(10, (i) => ({ latencyMs: i === 0 ? undefined : 100 + i }));
    const r = classifyMetric(metricOf('latency'), base, tasks(10, (i) => ({ latencyMs: 100 + i })), true, 0.05);
    expect(r).toMatchObject({ baseline: { n: 9, mean: 105 }, candidate: { n: 9, mean: 105 }, reason: 'identical values on both sides' });
  });
});

describe('pairing', () => {
  it('a task twice on one side is not a pairing, even when the id sets match', () => {
    expect(sameTaskSet([{ taskId: 'a' }, { taskId: 'b' }, { taskId: 'b' }], [{ taskId: 'a' }, { taskId: 'b' }])).toBe(false);
  });

  it('a candidate that ran more tasks than the baseline is not paired', () => {
    expect(sameTaskSet(tasks(5, healthy), tasks(6, healthy))).toBe(false);
    expect(judgeCanary(tasks(5, healthy), tasks(6, healthy)).paired).toBe(false);
  });
});

describe('judgeCanary: scores at the thresholds', () => {
  // Two metrics in one group: one failing gives exactly 50.
  const halfFailing = (thresholds: CanaryConfig['thresholds']): CanaryConfig => ({
    ...defaultCanaryConfig(),
    metrics: [metricOf('latency', { groups: ['g'] }), metricOf('tokens', { groups: ['g'] })],
    groupWeights: { g: 100 },
    thresholds,
  });
  const base = tasks(30, healthy);
  const cand = tasks(30, (i) => ({ ...healthy(i), tokens: healthy(i).tokens! * 2 }));

  it('a score equal to pass promotes; pass may equal marginal', () => {
    const r = judgeCanary(base, cand, halfFailing({ pass: 50, marginal: 50 }));
    expect(r).toMatchObject({ score: 50, verdict: 'promote', reason: 'score 50 ≥ pass 50.' });
  });

  it('a score equal to marginal is inconclusive', () => {
    expect(judgeCanary(base, cand, halfFailing({ pass: 60, marginal: 50 }))).toMatchObject({ score: 50, verdict: 'inconclusive' });
  });

  it('exactly half the metrics without data fails the canary', () => {
    const latencyOnly = tasks(30, (i) => ({ latencyMs: 900 + i }));
    const r = judgeCanary(latencyOnly, latencyOnly, halfFailing({ pass: 50, marginal: 50 }));
    expect(r).toMatchObject({ score: 0, verdict: 'rollback', reason: 'score 0: 1 of 2 metrics have no data (≥ 50%).' });
  });

  it('the sequential check reads only the tasks with a success value on both sides', () => {
    const candidate = tasks(30, (i) => ({ ...healthy(i), success: i < 10 ? undefined : true }));
    const r = judgeCanary(base, candidate, { ...defaultCanaryConfig(), sequential: { alpha: 0.05, beta: 0.2, p1: 0.7 } });
    expect(r.sequential).toMatchObject({ decision: 'continue', steps: 20, regressions: 0 });
    expect(r.verdict).toBe('promote');
  });
});

describe('statistics', () => {
  it("the exact one-sided p-values on the 'less' side", () => {
    // W+ of {-1, 2, 3} is 5; the 8 sign patterns give W+ 0,1,2,3,3,4,5,6.
    expect(wilcoxonSignedRank([-1, 2, 3])).toMatchObject({ statistic: 5, method: 'exact', p: { less: 7 / 8, greater: 2 / 8, twoSided: 0.5 } });
    // U of x = {1, 2} against y = {3, 4, 5} is 0; the 10 arrangements give U 0,1,2,2,3,3,4,4,5,6.
    expect(mannWhitneyU([1, 2], [3, 4, 5])).toMatchObject({ statistic: 0, method: 'exact', p: { less: 0.1, greater: 1, twoSided: 0.2 } });
  });

  it('the exact distributions only for fewer than 50 values, no ties and no zero differences (R)', () => {
    const distinct = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);
    expect(wilcoxonSignedRank(distinct(49)).method).toBe('exact');
    expect(wilcoxonSignedRank(distinct(50)).method).toBe('normal');
    expect(wilcoxonSignedRank([1, 1, 2, 3]).method).toBe('normal');
    expect(wilcoxonSignedRank([0, 1, 2, 3])).toMatchObject({ method: 'normal', n: 3 });
    expect(mannWhitneyU(distinct(49), distinct(49, 100)).method).toBe('exact');
    expect(mannWhitneyU(distinct(50), distinct(10, 100)).method).toBe('normal');
    expect(mannWhitneyU(distinct(10), distinct(50, 100)).method).toBe('normal');
  });

  it('Mann–Whitney leaves out values that are not finite, and an empty side gives p = 1', () => {
    expect(mannWhitneyU([1, NaN, 2], [3, Infinity, 4])).toEqual(mannWhitneyU([1, 2], [3, 4]));
    expect(mannWhitneyU([1, 2], [])).toMatchObject({ statistic: 0, n: 2, p: { twoSided: 1, greater: 1, less: 1 } });
  });

  it("McNemar's chi-square divides by b + c: b = 10, c = 2 gives 49/12, p = 0.0433 (R mcnemar.test)", () => {
    const r = mcnemarChiSquare(10, 2);
    expect(r.statistic).toBeCloseTo(49 / 12, 12);
    expect(r.p).toBeCloseTo(0.04331, 5);
  });

  it('the normal CDF keeps its relative accuracy far in the tail and cuts it at |x| > 37 (West 2005)', () => {
    expect(normalCdf(-20) / 2.7536241186062336e-89).toBeCloseTo(1, 9);
    expect(normalCdf(-37)).toBeGreaterThan(0);
    expect(normalCdf(-38)).toBe(0);
  });
});

describe('route', () => {
  const vector = ROUTING_TEST_VECTORS[1]; // bucket 38.54

  it('a key goes to the candidate only when its bucket is below the weight', () => {
    expect(vector.bucket).toBe(38.54);
    expect(route(vector.salt, vector.key, 38.54)).toBe('baseline');
    expect(route(vector.salt, vector.key, 38.55)).toBe('candidate');
  });

  it('refuses a weight below 0, above 100 or not a number', () => {
    for (const weight of [-0.01, -1, 100.01, NaN, Infinity]) {
      expect(() => route(vector.salt, vector.key, weight)).toThrow(`The canary weight must be a number from 0 to 100 (got ${weight}).`);
    }
  });
});
