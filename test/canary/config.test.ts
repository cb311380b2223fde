import { describe, expect, it } from 'vitest';
import { ConfigError } from '@agentship/core';
import { canaryConfigFrom, defaultCanaryConfig, formatCanaryMarkdown, judgeCanary, type TaskRecord } from '@agentship/core/canary';

/** The message of the ConfigError that canaryConfigFrom throws for raw (fails the test if none). */
function refusal(raw: unknown, where?: string): string {
  try {
    canaryConfigFrom(raw, where);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`canaryConfigFrom accepted ${JSON.stringify(raw)}`);
}

describe('canaryConfigFrom: every wrong key or type names where it is', () => {
  it('no section gives the defaults; a section that is not a mapping is refused', () => {
    expect(canaryConfigFrom(undefined)).toEqual(defaultCanaryConfig());
    expect(canaryConfigFrom(null)).toEqual(defaultCanaryConfig());
    expect(refusal(['alpha'])).toBe('canary: must be a mapping');
    expect(refusal('strict', 'canary-file.yaml')).toBe('canary-file.yaml: must be a mapping');
    expect(refusal({ alfa: 0.1 })).toBe('canary.alfa: unknown key (known: alpha, mode, thresholds, groups, metrics, sequential)');
  });

  it('alpha must be a number in [1e-9, 0.5]', () => {
    expect(refusal({ alpha: 0 })).toBe('canary.alpha: must be a number from 1e-9 to 0.5 (got 0)');
    expect(refusal({ alpha: 0.6 })).toMatch(/canary\.alpha: .*\(got 0\.6\)/);
    expect(refusal({ alpha: '0.05' })).toMatch(/canary\.alpha: .*\(got "0\.05"\)/);
    expect(canaryConfigFrom({ alpha: 0.5 }).alpha).toBe(0.5);
  });

  it('mode is auto, paired or unpaired', () => {
    expect(canaryConfigFrom({ mode: 'unpaired' }).mode).toBe('unpaired');
    expect(refusal({ mode: 'pairs' })).toBe('canary.mode: must be auto, paired or unpaired (got "pairs")');
  });

  it('thresholds: a mapping; either key alone overrides only itself and is still checked against the other', () => {
    expect(refusal({ thresholds: 90 })).toBe('canary.thresholds: must be a mapping with pass and marginal');
    expect(canaryConfigFrom({ thresholds: { pass: 80 } }).thresholds).toEqual({ pass: 80, marginal: 75 });
    expect(canaryConfigFrom({ thresholds: { marginal: 50 } }).thresholds).toEqual({ pass: 95, marginal: 50 });
    // The default pass is 95: a marginal of 96 alone exceeds it.
    expect(refusal({ thresholds: { marginal: 96 } })).toBe('canary.thresholds: marginal (96) must not exceed pass (95)');
    expect(refusal({ thresholds: { pass: 101 } })).toMatch(/^canary\.thresholds\.pass: must be a number from 0 to 100/);
  });

  it('groups: a mapping of weights in [0, 100] that replaces the defaults and totals at most 100', () => {
    expect(refusal({ groups: ['quality'] })).toBe('canary.groups: must map group names to weights');
    expect(refusal({ groups: { quality: -1 } })).toMatch(/^canary\.groups\.quality: must be a number from 0 to 100/);
    expect(canaryConfigFrom({ groups: { quality: 100 } }).groupWeights).toEqual({ quality: 100 });
  });

  it('metrics: each setting is checked and named', () => {
    expect(refusal({ metrics: [] })).toBe('canary.metrics: must map metric names (success, score, latency, tokens, cost, error) to settings');
    expect(refusal({ metrics: { latency: 'high' } })).toBe('canary.metrics.latency: must be a mapping');
    expect(refusal({ metrics: { latency: { critical: 'yes' } } })).toBe('canary.metrics.latency.critical: must be true or false (got "yes")');
    expect(refusal({ metrics: { latency: { muted: 1 } } })).toBe('canary.metrics.latency.muted: must be true or false (got 1)');
    expect(refusal({ metrics: { latency: { tolerance: -5 } } })).toMatch(/^canary\.metrics\.latency\.tolerance: must be a non-negative number or a percentage like "10%" \(got -5\)/);
    expect(refusal({ metrics: { latency: { tolerance: 'ten percent' } } })).toMatch(/\(got "ten percent"\)/);
    expect(refusal({ metrics: { cost: { groups: [] } } })).toBe('canary.metrics.cost.groups: must be a non-empty list of group names');
    expect(refusal({ metrics: { cost: { groups: 'spend' } } })).toBe('canary.metrics.cost.groups: must be a non-empty list of group names');
    expect(refusal({ metrics: { cost: { groups: ['spend', 3] } } })).toBe('canary.metrics.cost.groups: must be a non-empty list of group names');
    expect(refusal({ metrics: { cost: { weight: 3 } } })).toBe('canary.metrics.cost.weight: unknown key (known: direction, tolerance, critical, must-have-data, muted, groups)');

    const c = canaryConfigFrom({ metrics: { cost: { direction: 'either', tolerance: 0.001, groups: ['spend'], muted: false }, latency: { tolerance: ' 15 % ' } } });
    expect(c.metrics.find((m) => m.name === 'cost')).toMatchObject({ direction: 'either', tolerance: 0.001, groups: ['spend'], muted: false });
    // A percentage is kept as text (trimmed) and applied to the baseline mean when judging.
    expect(c.metrics.find((m) => m.name === 'latency')!.tolerance).toBe('15 %');
  });

  it('sequential: true takes the defaults, a mapping overrides them, false or absent turns it off', () => {
    expect(canaryConfigFrom({ sequential: true }).sequential).toEqual({ alpha: 0.05, beta: 0.2, p1: 0.7 });
    expect(canaryConfigFrom({ sequential: { beta: 0.1 } }).sequential).toEqual({ alpha: 0.05, beta: 0.1, p1: 0.7 });
    expect(canaryConfigFrom({ sequential: false }).sequential).toBeUndefined();
    expect(refusal({ sequential: 'fast' })).toBe('canary.sequential: must be true or a mapping with alpha, beta, p1');
    expect(refusal({ sequential: { p1: 0.5 } })).toMatch(/^canary\.sequential\.p1: must be a number from 0\.500001 to 0\.999999/);
    expect(refusal({ sequential: { alpha: 0.9 } })).toMatch(/^canary\.sequential\.alpha:/);
  });
});

describe('formatCanaryMarkdown', () => {
  const tasks = (n: number, f: (i: number) => Partial<TaskRecord>): TaskRecord[] => Array.from({ length: n }, (_, i) => ({ taskId: `t${i}`, ...f(i) }));

  it('paired: verdict heading, one row per metric with its test and p, group rows, and the sequential line', () => {
    const base = tasks(40, (i) => ({ success: true, latencyMs: 1000 + i, error: false }));
    const cand = tasks(40, (i) => ({ success: i % 2 === 0, latencyMs: 1000 + i, error: false }));
    const result = judgeCanary(base, cand, canaryConfigFrom({ sequential: true, metrics: { error: { muted: true } } }));
    const md = formatCanaryMarkdown(result);
    expect(md.split('\n')[0]).toBe('## agentship canary-compare: ❌ rollback');
    expect(md).toContain('Paired on 40 tasks; alpha 0.05.');
    const success = md.split('\n').find((l) => l.startsWith('| success |'))!;
    expect(success).toMatch(/^\| success \| low \(critical\) \| mcnemar-exact \(exact\) \| 1 \(n=40\) \| 0\.5 \(n=40\) \| -0\.5 \| [0-9.e-]+ \| fell by 0\.5/);
    expect(md).toContain('| error | pass (muted) | none | 0 (n=40) | 0 (n=40) | 0 |  | identical values on both sides |');
    // Metrics without data: no test, no p, and their group counts as 100 (Kayenta).
    expect(md).toContain('| tokens | nodata | none | – (n=0) | – (n=0) | – |  | no data on either side |');
    expect(md).toContain('| cost | no data (counts 100) | 20 |');
    expect(md).toMatch(/Sequential check \(SPRT on success, alpha 0\.05, beta 0\.2, p1 0\.7\): \*\*regression\*\* after \d+ tasks \(log LR \d+\.\d{4}, bounds -1\.5581 \/ 2\.7726\)\./);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('unpaired: names both task counts, has no sequential line, and escapes a pipe in a reason', () => {
    const base = tasks(20, (i) => ({ success: i % 3 !== 0, latencyMs: 900 + i * 10 }));
    const cand = tasks(25, (i) => ({ taskId: `c${i}`, success: i % 3 !== 0, latencyMs: 905 + i * 10 }));
    const result = judgeCanary(base, cand, { ...defaultCanaryConfig(), sequential: { alpha: 0.05, beta: 0.2, p1: 0.7 } });
    expect(result.paired).toBe(false);
    expect(result.sequential).toBeUndefined(); // the SPRT reads pairs; routed traffic has none
    result.metrics[0].reason = 'a | b';
    const md = formatCanaryMarkdown(result);
    expect(md).toContain('Unpaired: 20 baseline and 25 candidate tasks; alpha 0.05.');
    expect(md).toContain('a \\| b');
    expect(md).not.toContain('Sequential check');
    expect(md).toContain('| latency | pass | mann-whitney-u (exact) |');
  });
});
