import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@agentship/core/errors';
import { makeTree } from '../helpers.js';
import {
  compareWithBaseline,
  emptyUsage,
  formatComparisonMarkdown,
  mergeResults,
  MergeError,
  parseShard,
  readResults,
  shardOf,
  summarizeCases,
  type CaseResult,
  type RunResult,
} from '@agentship/core/dryrun';

function caseResult(id: string, pass: boolean, extra: Partial<CaseResult> = {}): CaseResult {
  return { id, suite: 's', file: 'evals/s.yaml', line: 1, agent: 'a', tags: [], pass, score: pass ? 1 : 0, threshold: 1, weight: 1, assertions: [], output: '', usage: { ...emptyUsage(), input: 100, output: 10 }, tokens: 110, costUsd: 0.001, latencyMs: 5, skillsUsed: [], calls: [], ...extra };
}

function run(cases: CaseResult[], shard?: { index: number; total: number }, threshold = 1): RunResult {
  const { suites, totals } = summarizeCases(cases, [{ name: 's', file: 'evals/s.yaml', threshold }]);
  return { version: 1, kind: 'agentship-dry-run', mode: 'replay', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 10, shard, suites, cases, totals, cassettes: { dir: 'evals/cassettes', used: cases.length, recorded: 0, unused: [] }, findings: [], pass: suites.every((s) => s.pass) };
}

describe('sharding', () => {
  it('parses i/n and rejects nonsense', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(() => parseShard('5/4')).toThrow('between 1 and the total');
    expect(() => parseShard('two')).toThrow('like 2/4');
  });

  it('puts each case in exactly one shard, stably, and spreads cases over all shards', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `case-${i}`);
    const counts = [0, 0, 0, 0];
    for (const id of ids) counts[shardOf(id, 4) - 1]++;
    expect(counts.reduce((a, b) => a + b)).toBe(400);
    for (const n of counts) expect(n).toBeGreaterThan(60);
    expect(ids.map((id) => shardOf(id, 4))).toEqual(ids.map((id) => shardOf(id, 4)));
    // A documented, reimplementable value: first 8 hex digits of sha256("case-0") mod 4, plus 1.
    expect(shardOf('case-0', 4)).toBe((parseInt('80540b17', 16) % 4) + 1);
  });
});

describe('merging shard results', () => {
  const all = Array.from({ length: 12 }, (_, i) => caseResult(`c${i}`, i % 5 !== 0));
  const parts = [1, 2, 3].map((index) => run(all.filter((c) => shardOf(c.id, 3) === index), { index, total: 3 }));

  it('gives the totals and suite results of one full run', () => {
    const merged = mergeResults(parts);
    const full = run(all);
    expect(merged.totals).toEqual(full.totals);
    expect(merged.suites).toEqual(full.suites);
    expect(merged.shards).toEqual([1, 2, 3].map((index) => ({ index, total: 3 })));
    expect(merged.pass).toBe(false);
  });

  it('refuses a missing shard and a case given twice', () => {
    expect(() => mergeResults([parts[0], parts[2]])).toThrow(/shard 2\/3 missing/);
    expect(() => mergeResults([...parts, parts[1]])).toThrow(MergeError);
  });
});

describe('reading a results file', () => {
  it('throws a ConfigError naming the file as the user gave it', () => {
    const dir = makeTree({ 'broken.json': '{"kind": ', 'other.json': '{"kind": "other"}' });
    const attempt = (file: string) => () => readResults(join(dir, file), `evals/${file}`);
    expect(attempt('none.json')).toThrow(ConfigError);
    expect(attempt('none.json')).toThrow('No such results file: evals/none.json');
    expect(attempt('broken.json')).toThrow(ConfigError);
    expect(attempt('broken.json')).toThrow(/^evals\/broken.json is not valid JSON/);
    expect(attempt('other.json')).toThrow('evals/other.json is not an agentship dry-run results');
    const ok = { version: 1, kind: 'agentship-dry-run', cases: [] };
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(ok));
    expect(readResults(join(dir, 'ok.json'), 'ok.json').cases).toEqual([]);
  });

  it('a set of shards that does not join is a configuration error too', () => {
    expect(new MergeError('shard 2/2 missing')).toBeInstanceOf(ConfigError);
  });
});

describe('comparing with a baseline', () => {
  it('flags cases that stopped passing or lost score, and shows deltas', () => {
    const base = run([caseResult('a', true), caseResult('b', true), caseResult('gone', true), caseResult('c', false)]);
    const head = run([caseResult('a', true, { tokens: 220 }), caseResult('b', false), caseResult('c', true), caseResult('new', true)]);
    const cmp = compareWithBaseline(head, base);
    expect(cmp.regressions).toBe(1);
    expect(Object.fromEntries(cmp.cases.map((c) => [c.id, c.change]))).toEqual({ a: 'same', b: 'regressed', c: 'improved', new: 'new', gone: 'removed' });
    expect(cmp.cases.find((c) => c.id === 'b')!.reasons).toContain('passed in the baseline, fails now');
    const md = formatComparisonMarkdown(cmp);
    expect(md).toContain('**1 regression**');
    expect(md).toContain('| a | same | pass -> pass | 1 -> 1 | 110 -> 220 (+100.0%)');
  });

  it('treats token growth as a regression only past the configured percentage', () => {
    const base = run([caseResult('a', true)]);
    const head = run([caseResult('a', true, { tokens: 150 })]);
    expect(compareWithBaseline(head, base).regressions).toBe(0);
    expect(compareWithBaseline(head, base, { maxIncreasePercent: 20 }).cases[0].reasons).toEqual(['tokens 110 -> 150 (over +20%)']);
    expect(compareWithBaseline(head, base, { maxIncreasePercent: 50 }).regressions).toBe(0);
  });

  it('compares a shard with the same shard of a full baseline', () => {
    const all = Array.from({ length: 8 }, (_, i) => caseResult(`c${i}`, true));
    const shardCases = all.filter((c) => shardOf(c.id, 2) === 1);
    const cmp = compareWithBaseline(run(shardCases, { index: 1, total: 2 }), run(all));
    expect(cmp.cases.every((c) => c.change === 'same')).toBe(true);
    expect(cmp.cases).toHaveLength(shardCases.length);
  });
});
