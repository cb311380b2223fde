import { dayString, totalsOf, type AgentTrack, type Sums } from './aggregate.js';

/**
 * Anomalies, by a robust method: a day's value against the median of the trailing window, scaled
 * by the median absolute deviation (MAD). The modified z-score is (x - median) / (1.4826 * MAD)
 * (Iglewicz and Hoaglin); |z| above the threshold (3.5 by default) is an anomaly. A flat baseline
 * (MAD 0) would make any change infinite, so the scale has a floor per metric, stated in
 * docs/monitoring.md: 5% of the median for cost, the binomial standard deviation (and 10% of the
 * median) for an error rate, 0.02 for a quality score.
 */
export interface AnomalyOptions {
  /** Trailing days that form the baseline of a day (default 14). */
  windowDays: number;
  /** Days with a baseline needed before a day is judged (default 7). */
  minBaselineDays: number;
  /** Modified z-score beyond which a day is an anomaly (default 3.5). */
  threshold: number;
  /** Records a day needs before its error rate is judged (default 20). */
  minRecordsPerDay: number;
  /** Failed records a day needs before its error rate is an anomaly (default 3). */
  minFailuresPerDay: number;
  /** Scored records a day needs before its mean score is judged (default 5). */
  minScoredPerDay: number;
  /** Silence shorter than this is never a stall (default 6 hours)... */
  stallMinHours: number;
  /** ...nor shorter than this many times the agent's median gap between records (default 10). */
  stallGapMultiple: number;
  /** Consecutive failed records of one agent that make a repeated failure (default 5). */
  repeatedFailures: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  windowDays: 14,
  minBaselineDays: 7,
  threshold: 3.5,
  minRecordsPerDay: 20,
  minFailuresPerDay: 3,
  minScoredPerDay: 5,
  stallMinHours: 6,
  stallGapMultiple: 10,
  repeatedFailures: 5,
};

export type AnomalyMetric = 'cost' | 'error-rate' | 'quality';

export interface Anomaly {
  metric: AnomalyMetric;
  environment: string;
  /** Undefined for the environment as a whole. */
  agent?: string;
  day: string;
  value: number;
  /** The trailing window's median. */
  baseline: number;
  /** The scale used: 1.4826 * MAD, or its floor. */
  scale: number;
  z: number;
  direction: 'up' | 'down';
  message: string;
}

export interface Stall {
  environment: string;
  agent: string;
  lastSeen: string;
  silentHours: number;
  thresholdHours: number;
  medianGapMinutes: number;
}

export interface RepeatedFailure {
  environment: string;
  agent: string;
  count: number;
  from: string;
  to: string;
  /** Still failing at the end of the data (no success after the run). */
  ongoing: boolean;
  /** The agent's most frequent error message. */
  topError?: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation from the median. */
export function mad(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

const MAD_TO_SIGMA = 1.4826;

/** One scope's days (environment total or one agent), from its first day to its last. */
export interface DailySeries {
  environment: string;
  agent?: string;
  firstDay: number;
  lastDay: number;
  days: Map<number, Sums>;
}

/**
 * Judges every day of a series. `partialDay`: the day the report is made on, not over yet; only a
 * rise can be judged on it.
 */
export function detectAnomalies(series: DailySeries, options: AnomalyOptions, partialDay?: number): Anomaly[] {
  const found: Anomaly[] = [];
  const scope = series.agent ? `${series.environment}/${series.agent}` : `${series.environment} (all agents)`;
  const at = (day: number) => (series.days.has(day) ? totalsOf(series.days.get(day)!) : undefined);
  for (let day = series.firstDay + options.minBaselineDays; day <= series.lastDay; day++) {
    const from = Math.max(series.firstDay, day - options.windowDays);
    const window: number[] = [];
    for (let d = from; d < day; d++) window.push(d);
    if (window.length < options.minBaselineDays) continue;
    const today = at(day);
    const partial = day === partialDay;

    // Cost: every day counts, a day without records cost nothing.
    const costs = window.map((d) => at(d)?.costUsd ?? 0);
    const cost = today?.costUsd ?? 0;
    const costMedian = median(costs);
    const costScale = Math.max(MAD_TO_SIGMA * mad(costs, costMedian), 0.05 * costMedian, 0.01);
    const costZ = (cost - costMedian) / costScale;
    if ((costZ > options.threshold || (!partial && costZ < -options.threshold)) && costMedian + cost > 0) {
      const direction = costZ > 0 ? 'up' : 'down';
      found.push(anomaly('cost', series, day, cost, costMedian, costScale, costZ, `${scope}: cost $${cost.toFixed(2)} on ${dayString(day)}, ${direction === 'up' ? `${ratio(cost, costMedian)} the` : 'far below the'} ${options.windowDays}-day median of $${costMedian.toFixed(2)} (z ${costZ.toFixed(1)})`));
    }

    // Error rate: only days with enough records; rises only (fewer errors is not an alert).
    if (today && today.records >= options.minRecordsPerDay && today.failed >= options.minFailuresPerDay) {
      const rates = window.map((d) => at(d)).filter((t) => t && t.records >= options.minRecordsPerDay).map((t) => t!.errorRate);
      if (rates.length >= options.minBaselineDays) {
        const rateMedian = median(rates);
        const p = Math.max(rateMedian, 0.01);
        // Binomial noise for small days; 10% of the median for large ones, where a real but tiny change is no alert.
        const rateScale = Math.max(MAD_TO_SIGMA * mad(rates, rateMedian), Math.sqrt((p * (1 - p)) / today.records), 0.1 * rateMedian);
        const rateZ = (today.errorRate - rateMedian) / rateScale;
        if (rateZ > options.threshold) {
          found.push(anomaly('error-rate', series, day, today.errorRate, rateMedian, rateScale, rateZ, `${scope}: ${pct(today.errorRate)} of ${today.records} records failed on ${dayString(day)}, against a ${options.windowDays}-day median of ${pct(rateMedian)} (z ${rateZ.toFixed(1)})`));
        }
      }
    }

    // Quality: days with enough scores; drops only.
    if (today && today.scored >= options.minScoredPerDay && today.meanScore !== undefined) {
      const scores = window.map((d) => at(d)).filter((t) => t && t.scored >= options.minScoredPerDay && t.meanScore !== undefined).map((t) => t!.meanScore!);
      if (scores.length >= options.minBaselineDays) {
        const scoreMedian = median(scores);
        const scoreScale = Math.max(MAD_TO_SIGMA * mad(scores, scoreMedian), 0.02);
        const scoreZ = (today.meanScore - scoreMedian) / scoreScale;
        if (scoreZ < -options.threshold) {
          found.push(anomaly('quality', series, day, today.meanScore, scoreMedian, scoreScale, scoreZ, `${scope}: mean quality score ${today.meanScore.toFixed(2)} on ${dayString(day)}, against a ${options.windowDays}-day median of ${scoreMedian.toFixed(2)} (z ${scoreZ.toFixed(1)})`));
        }
      }
    }
  }
  return found;
}

function anomaly(metric: AnomalyMetric, series: DailySeries, day: number, value: number, baseline: number, scale: number, z: number, message: string): Anomaly {
  return { metric, environment: series.environment, agent: series.agent, day: dayString(day), value: round(value), baseline: round(baseline), scale: round(scale), z: Math.round(z * 10) / 10, direction: z > 0 ? 'up' : 'down', message };
}

/**
 * An agent has stalled when it has been silent, at `asOf`, for longer than both `stallMinHours`
 * and `stallGapMultiple` times its median gap between records. The track must be sorted (`sortTrack`).
 */
export function detectStall(track: AgentTrack, asOf: number, options: AnomalyOptions): Stall | undefined {
  const times = track.times;
  if (times.length === 0) return undefined;
  const last = Math.abs(times[times.length - 1]);
  const gaps: number[] = [];
  for (let i = Math.max(1, times.length - 1000); i < times.length; i++) gaps.push(Math.abs(times[i]) - Math.abs(times[i - 1]));
  const medianGap = gaps.length ? median(gaps) : 0;
  const threshold = Math.max(options.stallMinHours * 3_600_000, options.stallGapMultiple * medianGap);
  const silent = asOf - last;
  if (silent <= threshold) return undefined;
  return {
    environment: track.environment,
    agent: track.agent,
    lastSeen: new Date(last).toISOString(),
    silentHours: round(silent / 3_600_000, 1),
    thresholdHours: round(threshold / 3_600_000, 1),
    medianGapMinutes: round(medianGap / 60_000, 1),
  };
}

/** Runs of at least `repeatedFailures` consecutive failed records of one agent (the 10 latest). The track must be sorted (`sortTrack`). */
export function detectRepeatedFailures(track: AgentTrack, options: AnomalyOptions): RepeatedFailure[] {
  const ordered = track.times;
  let topError: string | undefined;
  let topCount = 0;
  for (const [message, count] of track.errors) if (count > topCount) [topError, topCount] = [message, count];
  const runs: RepeatedFailure[] = [];
  let start = -1;
  const close = (end: number, ongoing: boolean) => {
    const count = end - start;
    if (start >= 0 && count >= options.repeatedFailures) {
      runs.push({ environment: track.environment, agent: track.agent, count, from: new Date(-ordered[start]).toISOString(), to: new Date(-ordered[end - 1]).toISOString(), ongoing, topError });
    }
    start = -1;
  };
  for (let i = 0; i < ordered.length; i++) {
    if (ordered[i] < 0) {
      if (start < 0) start = i;
    } else if (start >= 0) close(i, false);
  }
  if (start >= 0) close(ordered.length, true);
  return runs.slice(-10);
}

/** Puts a track's records in time order, in place; stalls and runs of failures read it in that order. */
export function sortTrack(track: AgentTrack): void {
  track.times.sort((a, b) => Math.abs(a) - Math.abs(b));
}

function ratio(value: number, base: number): string {
  return base > 0 ? `${(value / base).toFixed(1)}x` : 'above';
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function round(value: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

