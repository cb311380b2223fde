import { ConfigError } from '../config/index.js';
import type { TaskRecord } from './inputs.js';
import { mannWhitneyU, mcnemarExact, mean, wilcoxonSignedRank, type PValues } from './stats.js';
import { sprtPassFail, type SprtOptions, type SprtResult } from './sequential.js';

/**
 * The canary judge: classify each metric (Kayenta's labels, with paired tests where the task sets
 * match), score the groups as Kayenta's WeightedSumScorer does, and map the score onto
 * promote / inconclusive / rollback as Argo Rollouts maps Kayenta's (research/canary.md §1.6, §1.8).
 */

export type MetricName = 'success' | 'score' | 'latency' | 'tokens' | 'cost' | 'error';
export const METRIC_NAMES: readonly MetricName[] = ['success', 'score', 'latency', 'tokens', 'cost', 'error'];
/** Kayenta's direction: the change that fails the metric. */
export type Direction = 'increase' | 'decrease' | 'either';

export interface MetricConfig {
  name: MetricName;
  direction: Direction;
  /** The largest bad shift that still passes: absolute in the metric's unit, or "10%" of the baseline mean. */
  tolerance: number | string;
  /** A critical metric that fails (or has no data) fails the whole canary. */
  critical: boolean;
  /** No data on either side counts as a failure instead of being left out. */
  mustHaveData: boolean;
  /** Left out of scoring (reported only). */
  muted: boolean;
  /** Groups the metric scores in; it counts in each. */
  groups: string[];
}

export interface CanaryConfig {
  metrics: MetricConfig[];
  /** Group name to weight (percent); groups without one share what is left of 100. */
  groupWeights: Record<string, number>;
  /** score ≥ pass: promote; score ≥ marginal: inconclusive; below: rollback. */
  thresholds: { pass: number; marginal: number };
  /** Significance level of each one-sided test (two-sided for direction "either"). */
  alpha: number;
  /** auto: paired when both sides ran the same task set, else unpaired. */
  mode: 'auto' | 'paired' | 'unpaired';
  /** Optional Wald SPRT on success, read in task order: stops early on a regression. */
  sequential?: SprtOptions;
}

const metric = (name: MetricName, direction: Direction, tolerance: number | string, groups: string[], critical = false): MetricConfig => ({
  name,
  direction,
  tolerance,
  critical,
  mustHaveData: false,
  muted: false,
  groups,
});

/** Defaults: Spinnaker's best-practice thresholds (pass 95, marginal 75), a critical success rate. */
export function defaultCanaryConfig(): CanaryConfig {
  return {
    metrics: [
      metric('success', 'decrease', 0.02, ['quality'], true),
      metric('score', 'decrease', 0, ['quality']),
      metric('error', 'increase', 0.02, ['quality']),
      metric('latency', 'increase', '10%', ['latency']),
      metric('tokens', 'increase', '10%', ['cost']),
      metric('cost', 'increase', '10%', ['cost']),
    ],
    groupWeights: { quality: 60, latency: 20, cost: 20 },
    thresholds: { pass: 95, marginal: 75 },
    alpha: 0.05,
    mode: 'auto',
  };
}

export type Classification = 'pass' | 'high' | 'low' | 'nodata' | 'nodata-fail';

export interface MetricResult {
  name: MetricName;
  classification: Classification;
  /** Failed (or had no data) while critical: the canary fails whatever the score. */
  critical: boolean;
  muted: boolean;
  groups: string[];
  test: 'mcnemar-exact' | 'wilcoxon-signed-rank' | 'mann-whitney-u' | 'none';
  method?: 'exact' | 'normal';
  /** The p-value used for the decision (one-sided in the failing direction; two-sided for "either"). */
  p?: number;
  baseline: { n: number; mean: number };
  candidate: { n: number; mean: number };
  /** mean(candidate) − mean(baseline) over the compared observations. */
  shift: number;
  /** The tolerance in the metric's unit. */
  tolerance: number;
  /** One sentence: why this classification. */
  reason: string;
  /** McNemar's discordant counts, for pass/fail metrics compared paired. */
  discordant?: { regressions: number; improvements: number };
}

export interface GroupResult {
  name: string;
  score: number;
  noData: boolean;
  weight: number;
}

export type Verdict = 'promote' | 'inconclusive' | 'rollback';

export interface CanaryResult {
  verdict: Verdict;
  score: number;
  /** Why the verdict, in one sentence. */
  reason: string;
  paired: boolean;
  tasks: { baseline: number; candidate: number; paired: number };
  metrics: MetricResult[];
  groups: GroupResult[];
  thresholds: { pass: number; marginal: number };
  alpha: number;
  sequential?: SprtResult;
}

const BINARY: ReadonlySet<MetricName> = new Set(['success', 'error']);

function valueOf(record: TaskRecord, name: MetricName): number | undefined {
  switch (name) {
    case 'success':
      return record.success === undefined ? undefined : record.success ? 1 : 0;
    case 'error':
      return record.error === undefined ? undefined : record.error ? 1 : 0;
    case 'score':
      return record.score;
    case 'latency':
      return record.latencyMs;
    case 'tokens':
      return record.tokens;
    case 'cost':
      return record.costUsd;
  }
}

/** One record per task id (the last wins) when every id is unique on its side; else undefined. */
function byTask(records: readonly TaskRecord[]): Map<string, TaskRecord> | undefined {
  const map = new Map<string, TaskRecord>();
  for (const r of records) {
    if (map.has(r.taskId)) return undefined;
    map.set(r.taskId, r);
  }
  return map;
}

/** Paired when both sides ran exactly the same task set, each task once. */
export function sameTaskSet(baseline: readonly TaskRecord[], candidate: readonly TaskRecord[]): boolean {
  const b = byTask(baseline);
  const c = byTask(candidate);
  if (!b || !c || b.size !== c.size) return false;
  for (const id of b.keys()) if (!c.has(id)) return false;
  return true;
}

function toleranceIn(name: MetricName, value: number | string, baselineMean: number): number {
  if (typeof value === 'number') return value;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (m) return (Number(m[1]) / 100) * Math.abs(baselineMean);
  const n = Number(value);
  // A tolerance that is not a number must not quietly become 0 (every significant shift would fail).
  if (value.trim() === '' || !Number.isFinite(n)) throw new RangeError(`The tolerance of ${name} must be a number or a percentage like "10%" (got ${JSON.stringify(value)}).`);
  return n;
}

const round = (x: number, digits = 6): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
const sortedEqual = (a: number[], b: number[]): boolean => {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.every((v, i) => v === y[i]);
};

function pFor(direction: Direction, p: PValues, bad: 'greater' | 'less'): number {
  return direction === 'either' ? p.twoSided : p[bad];
}

/** Classifies one metric (Kayenta's MannWhitneyClassifier order: no data, identical, no variation, test). */
export function classifyMetric(config: MetricConfig, baseline: readonly TaskRecord[], candidate: readonly TaskRecord[], paired: boolean, alpha: number): MetricResult {
  let base: number[];
  let cand: number[];
  if (paired) {
    const c = byTask(candidate)!;
    base = [];
    cand = [];
    for (const r of baseline) {
      const x = valueOf(r, config.name);
      const y = valueOf(c.get(r.taskId)!, config.name);
      if (x !== undefined && y !== undefined) {
        base.push(x);
        cand.push(y);
      }
    }
  } else {
    base = baseline.map((r) => valueOf(r, config.name)).filter((v): v is number => v !== undefined);
    cand = candidate.map((r) => valueOf(r, config.name)).filter((v): v is number => v !== undefined);
  }
  const baseMean = mean(base);
  const candMean = mean(cand);
  const tolerance = toleranceIn(config.name, config.tolerance, baseMean);
  const result: MetricResult = {
    name: config.name,
    classification: 'pass',
    critical: false,
    muted: config.muted,
    groups: config.groups,
    test: 'none',
    baseline: { n: base.length, mean: round(baseMean) },
    candidate: { n: cand.length, mean: round(candMean) },
    shift: round(candMean - baseMean),
    tolerance: round(tolerance),
    reason: '',
  };
  if (!base.length || !cand.length) {
    const side = !base.length && !cand.length ? 'either side' : !base.length ? 'the baseline' : 'the candidate';
    result.classification = config.mustHaveData && !config.critical ? 'nodata-fail' : 'nodata';
    result.critical = config.critical;
    result.reason = `no data on ${side}${result.classification === 'nodata-fail' ? ' (must-have-data)' : ''}${config.critical ? ' (critical)' : ''}`;
    return result;
  }
  if (sortedEqual(base, cand)) {
    result.reason = 'identical values on both sides';
    return result;
  }
  if (new Set([...base, ...cand]).size === 1) {
    result.reason = 'no variation';
    return result;
  }

  let p: PValues;
  if (paired && BINARY.has(config.name)) {
    let b = 0; // the metric fell (1 -> 0)
    let c = 0; // the metric rose (0 -> 1)
    base.forEach((x, i) => {
      if (x === 1 && cand[i] === 0) b++;
      else if (x === 0 && cand[i] === 1) c++;
    });
    const m = mcnemarExact(b, c);
    p = m.p;
    result.test = 'mcnemar-exact';
    result.method = 'exact';
    result.discordant = config.name === 'success' ? { regressions: b, improvements: c } : { regressions: c, improvements: b };
  } else if (paired) {
    const w = wilcoxonSignedRank(cand.map((y, i) => y - base[i]));
    p = w.p;
    result.test = 'wilcoxon-signed-rank';
    result.method = w.method;
  } else {
    const u = mannWhitneyU(cand, base);
    p = u.p;
    result.test = 'mann-whitney-u';
    result.method = u.method;
  }

  const shift = candMean - baseMean;
  const pHigh = pFor(config.direction, p, 'greater');
  const pLow = pFor(config.direction, p, 'less');
  const high = config.direction !== 'decrease' && pHigh < alpha && shift > tolerance;
  const low = config.direction !== 'increase' && pLow < alpha && -shift > tolerance;
  const pUsed = config.direction === 'increase' ? pHigh : config.direction === 'decrease' ? pLow : p.twoSided;
  result.p = round(pUsed, 8);
  const fmt = (x: number): string => String(round(x, 4));
  if (high || low) {
    result.classification = high ? 'high' : 'low';
    result.critical = config.critical;
    result.reason = `${high ? 'rose' : 'fell'} by ${fmt(Math.abs(shift))} (tolerance ${fmt(tolerance)}), p = ${fmt(pUsed)} < ${alpha}${config.critical ? ' (critical)' : ''}`;
  } else {
    const significant = pUsed < alpha;
    result.reason = significant
      ? `shift ${fmt(shift)} is within the tolerance ${fmt(tolerance)} (p = ${fmt(pUsed)})`
      : `no significant ${config.direction === 'either' ? 'change' : config.direction} (p = ${fmt(pUsed)}, shift ${fmt(shift)})`;
  }
  return result;
}

/** Kayenta's NODATA_THRESHOLD: half or more of the metrics without data fails the canary. */
const NODATA_THRESHOLD = 50;

/** Group scores and the summary score exactly as Kayenta's WeightedSumScorer. */
export function scoreGroups(results: readonly MetricResult[], weights: Record<string, number>): { groups: GroupResult[]; score: number; override?: string } {
  const scored = results.filter((r) => !r.muted);
  const names = [...new Set(scored.flatMap((r) => r.groups))];
  const configured = names.filter((n) => weights[n] !== undefined);
  const leftover = 100 - configured.reduce((s, n) => s + weights[n], 0);
  const unweighted = names.length - configured.length;
  const groups = names.map((name): GroupResult => {
    const members = scored.filter((r) => r.groups.includes(name));
    const pass = members.filter((r) => r.classification === 'pass').length;
    const counted = members.filter((r) => r.classification !== 'nodata').length;
    // A group without a configured weight means unweighted ≥ 1: no division by zero.
    const weight = weights[name] ?? leftover / unweighted;
    return { name, score: counted ? (100 * pass) / counted : 0, noData: counted === 0, weight };
  });
  const sum = groups.reduce((s, g) => s + ((g.noData ? 100 : g.score) * g.weight) / 100, 0);
  const score = Math.round(sum * 100) / 100;
  const critical = scored.find((r) => r.critical && r.classification !== 'pass');
  if (critical) return { groups, score: 0, override: `critical metric ${critical.name} failed: ${critical.reason}` };
  const nodata = scored.filter((r) => r.classification === 'nodata').length;
  if (scored.length && (100 * nodata) / scored.length >= NODATA_THRESHOLD) {
    return { groups, score: 0, override: `${nodata} of ${scored.length} metrics have no data (≥ ${NODATA_THRESHOLD}%)` };
  }
  return { groups, score };
}

/** Compares candidate results with baseline results. Deterministic: the same inputs give the same result. */
export function judgeCanary(baseline: readonly TaskRecord[], candidate: readonly TaskRecord[], config: CanaryConfig = defaultCanaryConfig()): CanaryResult {
  const { pass, marginal } = config.thresholds;
  if (!(pass >= marginal)) throw new RangeError(`The pass threshold (${pass}) must be at least the marginal threshold (${marginal}).`);
  const same = sameTaskSet(baseline, candidate);
  if (config.mode === 'paired' && !same) throw new ConfigError('Paired mode needs the same task set on both sides, each task once; use mode auto or unpaired for routed traffic.');
  const paired = config.mode !== 'unpaired' && same;
  const metrics = config.metrics.map((m) => classifyMetric(m, baseline, candidate, paired, config.alpha));
  const { groups, score, override } = scoreGroups(metrics, config.groupWeights);
  const tasks = { baseline: baseline.length, candidate: candidate.length, paired: paired ? baseline.length : 0 };
  const result: CanaryResult = { verdict: 'promote', score, reason: '', paired, tasks, metrics, groups, thresholds: { pass, marginal }, alpha: config.alpha };

  if (config.sequential && paired) {
    const c = byTask(candidate)!;
    const pairs = baseline
      .filter((r) => r.success !== undefined && c.get(r.taskId)?.success !== undefined)
      .map((r) => ({ baseline: r.success!, candidate: c.get(r.taskId)!.success! }));
    result.sequential = sprtPassFail(pairs, config.sequential);
    if (result.sequential.decision === 'regression') {
      const s = result.sequential;
      result.verdict = 'rollback';
      result.score = 0;
      result.reason = `sequential check (SPRT, alpha ${s.alpha}, beta ${s.beta}) found a success regression after ${s.steps} tasks (${s.regressions} regressions, ${s.improvements} improvements).`;
      return result;
    }
  }
  result.verdict = score >= pass ? 'promote' : score >= marginal ? 'inconclusive' : 'rollback';
  result.reason = override
    ? `score 0: ${override}.`
    : `score ${score} ${result.verdict === 'promote' ? `≥ pass ${pass}` : result.verdict === 'inconclusive' ? `< pass ${pass} and ≥ marginal ${marginal}` : `< marginal ${marginal}`}.`;
  return result;
}
