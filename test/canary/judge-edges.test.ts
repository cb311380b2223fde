import { describe, expect, it } from 'vitest';
import { ConfigError } from '@agentship/core';
import {
  canaryConfigFrom,
  classifyMetric,
  defaultCanaryConfig,
  judgeCanary,
  mannWhitneyU,
  mcnemarChiSquare,
  normalCdf,
  sameTaskSet,
  sprtBoundaries,
  type MetricConfig,
  type TaskRecord,
} from '@agentship/core/canary';

const tasks = (n: number, f: (i: number) => Partial<TaskRecord>): TaskRecord[] => Array.from({ length: n }, (_, i) => ({ taskId: `t${i}`, ...f(i) }));
const full = (i: number): Partial<TaskRecord> => ({ success: true, score: 0.5 + (i % 7) / 20, latencyMs: 900 + i * 3, tokens: 1500 + i, costUsd: 0.02, error: false });
const metricOf = (name: MetricConfig['name'], extra: Partial<MetricConfig> = {}): MetricConfig => ({ ...defaultCanaryConfig().metrics.find((m) => m.name === name)!, ...extra });

describe('pairing', () => {
  it('pairs only the same task set with each task once', () => {
    const base = tasks(10, full);
    expect(sameTaskSet(base, tasks(10, full).reverse())).toBe(true);
    // Same size, one id different.
    expect(sameTaskSet(base, tasks(10, full).map((t, i) => (i === 3 ? { ...t, taskId: 'other' } : t)))).toBe(false);
    // A task twice on one side: no one-to-one pairs.
    const twice = [...tasks(9, full), { taskId: 't0', success: false }];
    expect(sameTaskSet(twice, tasks(10, full))).toBe(false);
    expect(judgeCanary(twice, tasks(10, full)).paired).toBe(false);
    expect(() => judgeCanary(twice, tasks(10, full), { ...defaultCanaryConfig(), mode: 'paired' })).toThrow(ConfigError);
    // unpaired mode does not pair even the same task set.
    const unpaired = judgeCanary(base, tasks(10, full), { ...defaultCanaryConfig(), mode: 'unpaired' });
    expect(unpaired.paired).toBe(false);
    expect(unpaired.tasks).toEqual({ baseline: 10, candidate: 10, paired: 0 });
  });
});

describe('classifyMetric', () => {
  it('names the side without data; no success data on a critical metric fails the canary', () => {
    const withLatency = tasks(8, (i) => ({ latencyMs: 100 + i }));
    const without = tasks(8, () => ({}));
    // Unpaired, each side counts on its own; paired, a task missing the value on one side drops out of both.
    expect(classifyMetric(metricOf('latency'), without, withLatency, false, 0.05).reason).toBe('no data on the baseline');
    expect(classifyMetric(metricOf('latency'), withLatency, without, false, 0.05).reason).toBe('no data on the candidate');
    expect(classifyMetric(metricOf('latency'), withLatency, without, true, 0.05)).toMatchObject({ reason: 'no data on either side', baseline: { n: 0 }, candidate: { n: 0 } });
    // Records built in code may leave out success and error: no data, not "false".
    const noSuccess = classifyMetric(metricOf('success'), without, without, true, 0.05);
    expect(noSuccess).toMatchObject({ classification: 'nodata', critical: true, reason: 'no data on either side (critical)' });
    expect(classifyMetric(metricOf('error'), without, without, true, 0.05).classification).toBe('nodata');

    const r = judgeCanary(tasks(8, (i) => ({ ...full(i), success: undefined })), tasks(8, (i) => ({ ...full(i), success: undefined })));
    expect(r.verdict).toBe('rollback');
    expect(r.reason).toBe('score 0: critical metric success failed: no data on either side (critical).');
  });

  it('a paired improvement in success is counted as such and passes', () => {
    const base = tasks(20, (i) => ({ success: i % 2 === 0 }));
    const cand = tasks(20, () => ({ success: true }));
    const r = classifyMetric(metricOf('success'), base, cand, true, 0.05);
    expect(r).toMatchObject({ classification: 'pass', test: 'mcnemar-exact', discordant: { regressions: 0, improvements: 10 }, p: 1 });
    expect(r.reason).toBe('no significant decrease (p = 1, shift 0.5)');
  });

  it('for the error rate a task that starts erroring is the regression', () => {
    const base = tasks(20, () => ({ error: false }));
    const cand = tasks(20, (i) => ({ error: i % 2 === 0 }));
    const r = classifyMetric(metricOf('error'), base, cand, true, 0.05);
    expect(r).toMatchObject({ classification: 'high', discordant: { regressions: 10, improvements: 0 } });
    expect(r.p).toBeCloseTo(1 / 1024, 8); // P(X <= 0), X ~ Bin(10, 1/2)
    expect(r.reason).toMatch(/^rose by 0\.5 \(tolerance 0\.02\), p = 0\.001 < 0\.05$/);
  });

  it('direction either fails a rise that direction decrease lets pass, on the two-sided p', () => {
    const base = tasks(30, full);
    const cand = tasks(30, (i) => ({ ...full(i), score: full(i).score! + 0.2 }));
    expect(classifyMetric(metricOf('score'), base, cand, true, 0.05).classification).toBe('pass');
    const either = classifyMetric(metricOf('score', { direction: 'either' }), base, cand, true, 0.05);
    expect(either.classification).toBe('high');
    const oneSided = classifyMetric(metricOf('score', { direction: 'increase' }), base, cand, true, 0.05);
    // Two-sided p is twice the one-sided p here (the rise is on the tested side).
    expect(either.p!).toBeCloseTo(2 * oneSided.p!, 8);
    const wobble = tasks(30, (i) => ({ ...full(i), score: full(i).score! + (i % 2 ? 0.01 : -0.01) }));
    expect(classifyMetric(metricOf('score', { direction: 'either' }), base, wobble, true, 0.05).reason).toMatch(/^no significant change \(p = /);
  });

  it('a tolerance given as a number in text is that number; text that is neither a number nor a percentage is refused', () => {
    const base = tasks(10, (i) => ({ latencyMs: 100 + i }));
    const cand = tasks(10, (i) => ({ latencyMs: 101 + i }));
    expect(classifyMetric(metricOf('latency', { tolerance: '0.5' }), base, cand, true, 0.05).tolerance).toBe(0.5);
    expect(classifyMetric(metricOf('latency', { tolerance: '10%' }), base, cand, true, 0.05).tolerance).toBeCloseTo(10.45, 6);
    expect(() => classifyMetric(metricOf('latency', { tolerance: 'ten' }), base, cand, true, 0.05)).toThrow('The tolerance of latency must be a number or a percentage like "10%" (got "ten").');
    expect(() => classifyMetric(metricOf('latency', { tolerance: ' ' }), base, cand, true, 0.05)).toThrow(RangeError);
  });
});

describe('judgeCanary', () => {
  it('refuses thresholds where pass is below marginal', () => {
    expect(() => judgeCanary([], [], { ...defaultCanaryConfig(), thresholds: { pass: 50, marginal: 70 } })).toThrow('The pass threshold (50) must be at least the marginal threshold (70).');
  });

  it('a sequential check that finds no regression leaves the verdict to the score', () => {
    const base = tasks(30, (i) => ({ ...full(i), success: i % 2 === 0 }));
    const cand = tasks(30, full);
    const r = judgeCanary(base, cand, canaryConfigFrom({ sequential: true }));
    // Improvements only: ln(0.6) per improvement, the fourth crosses ln(0.2/0.95) at task t7.
    expect(r.sequential).toMatchObject({ decision: 'no-regression', steps: 8, improvements: 4, regressions: 0 });
    expect(r.verdict).toBe('promote');
    expect(r.reason).toBe('score 100 ≥ pass 95.');
  });

  it('a score between marginal and pass is inconclusive, below marginal rolls back, each saying which bound', () => {
    const base = tasks(30, full);
    const slower = tasks(30, (i) => ({ ...full(i), latencyMs: full(i).latencyMs! * 2 }));
    // latency fails: quality 60 + cost 20 = 80.
    const r = judgeCanary(base, slower);
    expect(r.reason).toBe('score 80 < pass 95 and ≥ marginal 75.');
    const strict = judgeCanary(base, slower, { ...defaultCanaryConfig(), thresholds: { pass: 95, marginal: 90 } });
    expect(strict.verdict).toBe('rollback');
    expect(strict.reason).toBe('score 80 < marginal 90.');
  });
});

describe('statistics at their edges', () => {
  it('the normal CDF: NaN stays NaN; beyond |x| = 37 the tail is 0 in double precision', () => {
    expect(normalCdf(NaN)).toBeNaN();
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(-36)).toBeGreaterThan(0);
  });

  it("McNemar's chi-square without discordant pairs is p = 1", () => {
    expect(mcnemarChiSquare(0, 0)).toEqual({ statistic: 0, p: 1 });
  });

  it('Mann–Whitney with every value tied has no variance: p = 1 on every side, not NaN', () => {
    const r = mannWhitneyU([5, 5, 5], [5, 5]);
    expect(r).toMatchObject({ method: 'normal', n: 5, p: { twoSided: 1, greater: 1, less: 1 } });
    expect(r.z).toBeUndefined();
  });

  it('SPRT error rates outside (0, 1) are refused', () => {
    expect(() => sprtBoundaries(0, 0.2)).toThrow('SPRT error rates must be in (0, 1) (alpha 0, beta 0.2).');
    expect(() => sprtBoundaries(0.05, 1)).toThrow(RangeError);
  });
});
