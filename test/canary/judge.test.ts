import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@agentship/core';
import { canaryConfigFrom, defaultCanaryConfig, judgeCanary, loadResults, scoreGroups, type MetricResult, type TaskRecord } from '@agentship/core/canary';
import { makeTree } from '../helpers.js';

const tasks = (n: number, f: (i: number) => Partial<TaskRecord>): TaskRecord[] => Array.from({ length: n }, (_, i) => ({ taskId: `t${i}`, ...f(i) }));
const healthy = (i: number): Partial<TaskRecord> => ({ success: i % 10 !== 0, score: 0.5 + (i % 7) / 20, latencyMs: 900 + ((i * 37) % 200), tokens: 1500 + ((i * 13) % 100), costUsd: 0.02 + (i % 5) / 1000, error: false });

describe('judgeCanary', () => {
  it('promotes a candidate that matches the baseline, paired on the same tasks', () => {
    const base = tasks(50, healthy);
    const cand = tasks(50, (i) => ({ ...healthy(i), latencyMs: healthy(i).latencyMs! + (i % 3) - 1 }));
    const r = judgeCanary(base, cand);
    expect(r.paired).toBe(true);
    expect(r.verdict).toBe('promote');
    expect(r.score).toBe(100);
    expect(r.metrics.find((m) => m.name === 'success')!.reason).toBe('identical values on both sides');
  });

  it('rolls back on a significant drop in the critical success rate, whatever the other metrics', () => {
    const base = tasks(50, healthy);
    const cand = tasks(50, (i) => ({ ...healthy(i), success: healthy(i).success && i % 4 !== 0 }));
    const r = judgeCanary(base, cand);
    const success = r.metrics.find((m) => m.name === 'success')!;
    expect(success).toMatchObject({ classification: 'low', critical: true, test: 'mcnemar-exact', discordant: { regressions: 10, improvements: 0 } });
    expect(success.p).toBeCloseTo(1 / 1024, 8);
    expect(r.verdict).toBe('rollback');
    expect(r.score).toBe(0);
    expect(r.reason).toMatch(/critical metric success failed/);
  });

  it('marks a latency rise beyond its 10% tolerance high, and the weighted score is inconclusive', () => {
    const base = tasks(50, healthy);
    const cand = tasks(50, (i) => ({ ...healthy(i), latencyMs: healthy(i).latencyMs! * 1.3 }));
    const r = judgeCanary(base, cand);
    const latency = r.metrics.find((m) => m.name === 'latency')!;
    expect(latency).toMatchObject({ classification: 'high', test: 'wilcoxon-signed-rank', critical: false });
    expect(latency.reason).toMatch(/rose by/);
    // Groups: quality 100 × 0.6, latency 0 × 0.2, cost 100 × 0.2 = 80: between marginal 75 and pass 95.
    expect(r.score).toBe(80);
    expect(r.verdict).toBe('inconclusive');
  });

  it('a significant rise within the tolerance passes', () => {
    const base = tasks(50, healthy);
    const cand = tasks(50, (i) => ({ ...healthy(i), latencyMs: healthy(i).latencyMs! * 1.05 }));
    const latency = judgeCanary(base, cand).metrics.find((m) => m.name === 'latency')!;
    expect(latency.classification).toBe('pass');
    expect(latency.reason).toMatch(/within the tolerance/);
  });

  it('uses Mann–Whitney U when the task sets differ (routed traffic)', () => {
    const base = tasks(60, healthy);
    const cand = tasks(40, (i) => ({ ...healthy(i + 7), latencyMs: 2000 + i })).map((t) => ({ ...t, taskId: `c${t.taskId}` }));
    const r = judgeCanary(base, cand);
    expect(r.paired).toBe(false);
    expect(r.metrics.every((m) => m.test === 'mann-whitney-u' || m.test === 'none')).toBe(true);
    expect(r.metrics.find((m) => m.name === 'latency')!.classification).toBe('high');
    expect(() => judgeCanary(base, cand, { ...defaultCanaryConfig(), mode: 'paired' })).toThrow(ConfigError);
  });

  it('is deterministic: the same inputs in another order give the same result', () => {
    const base = tasks(30, healthy);
    const cand = tasks(30, (i) => ({ ...healthy(i), score: healthy(i).score! - 0.05 }));
    const a = judgeCanary(base, cand);
    const b = judgeCanary([...base].reverse(), [...cand].reverse());
    expect(b).toEqual(a);
  });

  it('no data: left out of the score unless must-have-data; half the metrics without data fails', () => {
    const base = tasks(20, (i) => ({ success: i % 2 === 0, error: false }));
    const cand = tasks(20, (i) => ({ success: i % 2 === 0, error: false }));
    const r = judgeCanary(base, cand);
    expect(r.metrics.filter((m) => m.classification === 'nodata').map((m) => m.name)).toEqual(['score', 'latency', 'tokens', 'cost']);
    expect(r.verdict).toBe('rollback');
    expect(r.reason).toMatch(/4 of 6 metrics have no data/);

    const config = canaryConfigFrom({ metrics: { score: { 'must-have-data': true }, latency: { muted: true }, tokens: { muted: true }, cost: { muted: true } } });
    const strict = judgeCanary(base, cand, config);
    expect(strict.metrics.find((m) => m.name === 'score')!.classification).toBe('nodata-fail');
    // quality: success pass, error pass, score nodata-fail → 66.67 × 60 / 100 = 40. The latency and
    // cost groups hold only muted metrics, so (as in Kayenta) their configured weights are lost.
    expect(strict.score).toBe(40);
    expect(strict.groups.map((g) => g.name)).toEqual(['quality']);
  });

  it('the sequential check stops early on a success regression', () => {
    const base = tasks(60, () => ({ success: true }));
    const cand = tasks(60, (i) => ({ success: i % 2 === 0 }));
    const config = canaryConfigFrom({ sequential: { alpha: 0.05, beta: 0.2, p1: 0.7 } });
    const r = judgeCanary(base, cand, config);
    expect(r.verdict).toBe('rollback');
    expect(r.sequential).toMatchObject({ decision: 'regression', regressions: 9, steps: 18 });
    expect(r.reason).toMatch(/after 18 tasks/);
  });
});

describe('Kayenta scoring', () => {
  const m = (name: string, classification: MetricResult['classification'], groups: string[], extra: Partial<MetricResult> = {}): MetricResult =>
    ({ name, classification, groups, critical: false, muted: false, test: 'none', baseline: { n: 1, mean: 0 }, candidate: { n: 1, mean: 0 }, shift: 0, tolerance: 0, reason: '', ...extra }) as MetricResult;

  it('group score = 100·pass / (pass + high + low + nodata-fail); unweighted groups share what is left', () => {
    const r = scoreGroups([m('success', 'pass', ['a']), m('score', 'high', ['a']), m('latency', 'pass', ['b']), m('cost', 'nodata', ['b']), m('tokens', 'nodata', ['c'])], { a: 50 });
    expect(r.groups.map((g) => [g.name, g.score, g.noData, g.weight])).toEqual([
      ['a', 50, false, 50],
      ['b', 100, false, 25],
      ['c', 0, true, 25],
    ]);
    // 50·0.5 + 100·0.25 + (no data counts 100)·0.25 = 75
    expect(r.score).toBe(75);
    expect(r.override).toBeUndefined();
  });

  it('muted metrics are left out; the score rounds to two decimals', () => {
    const r = scoreGroups([m('a', 'pass', ['g']), m('b', 'pass', ['g']), m('c', 'low', ['g']), m('d', 'low', ['g'], { muted: true })], { g: 100 });
    expect(r.score).toBe(66.67);
  });
});

describe('canary config and results files', () => {
  it('reads overrides and names the key of every mistake', () => {
    const c = canaryConfigFrom({ alpha: 0.01, thresholds: { pass: 90, marginal: 60 }, metrics: { latency: { tolerance: '25%', critical: true } } });
    expect(c.alpha).toBe(0.01);
    expect(c.thresholds).toEqual({ pass: 90, marginal: 60 });
    expect(c.metrics.find((x) => x.name === 'latency')).toMatchObject({ tolerance: '25%', critical: true });
    expect(() => canaryConfigFrom({ metrics: { speed: {} } })).toThrow(/canary.metrics.speed: unknown metric/);
    expect(() => canaryConfigFrom({ metrics: { latency: { direction: 'up' } } })).toThrow(/canary.metrics.latency.direction/);
    expect(() => canaryConfigFrom({ thresholds: { pass: 50, marginal: 70 } })).toThrow(/must not exceed pass/);
    expect(() => canaryConfigFrom({ groups: { a: 80, b: 40 } })).toThrow(/add up to 120/);
  });

  it('reads JSONL and dry-run JSON, skips bad lines naming them, and filters by config version', () => {
    const dir = makeTree({
      'prod.jsonl': [
        JSON.stringify({ task_id: 'a', config_version: 'v1', success: true, latency_ms: 10, usage: { input_tokens: 5, output_tokens: 7 }, cost_usd: '0.5' }),
        '{not json',
        JSON.stringify({ taskId: 'a', configVersion: 'v2', status: 'failed', error: 'timeout' }),
        JSON.stringify({ note: 'no id' }),
        '',
      ].join('\n'),
      'dry-run.json': JSON.stringify({ version: 1, cases: [{ id: 'x', status: 'passed', score: 0.7, durationMs: 12, tokens: 30 }] }),
    });
    const v1 = loadResults(join(dir, 'prod.jsonl'), { version: 'v1' });
    expect(v1.records).toEqual([{ taskId: 'a', version: 'v1', success: true, score: undefined, latencyMs: 10, tokens: 12, costUsd: 0.5, error: false }]);
    expect(v1.warnings).toEqual([expect.stringMatching(/prod\.jsonl:2: not valid JSON/), expect.stringMatching(/prod\.jsonl:4: no task id/)]);
    expect(loadResults(join(dir, 'prod.jsonl'), { version: 'v2' }).records[0]).toMatchObject({ success: false, error: true });
    expect(loadResults(join(dir, 'dry-run.json')).records[0]).toMatchObject({ taskId: 'x', success: true, score: 0.7, latencyMs: 12, tokens: 30 });
    expect(() => loadResults(join(dir, 'missing.jsonl'), { label: 'baseline' })).toThrow(/baseline file not found/);
    writeFileSync(join(dir, 'empty.jsonl'), '\n');
    expect(() => loadResults(join(dir, 'empty.jsonl'))).toThrow(/no task results/);
  });

  it('agentship.yaml accepts a canary section in its schema and flags a wrong one with a line', () => {
    const good = makeTree({ 'agentship.yaml': 'canary:\n  alpha: 0.01\n  thresholds: { pass: 90, marginal: 70 }\n  metrics:\n    latency: { tolerance: "15%", critical: true }\n  sequential: true\n' });
    expect(loadConfig(good).problems).toEqual([]);
    const bad = makeTree({ 'agentship.yaml': 'canary:\n  metrics:\n    speed: { critical: true }\n' });
    const problems = loadConfig(bad).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ ruleId: 'config/schema', file: 'agentship.yaml' });
  });
});
