import type { UsageRecord } from './record.js';

export const DAY_MS = 86_400_000;

/** Sums over a set of usage records. */
export interface UsageTotals {
  records: number;
  calls: number;
  tasks: number;
  /** Records (calls and tasks) that failed. */
  failed: number;
  tasksFailed: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  /** Records whose cost is unknown (no cost in the record and no price for the model): not counted in costUsd. */
  unpriced: number;
  /** Share of records that failed, 0..1. */
  errorRate: number;
  meanDurationMs?: number;
  /** Mean quality score of the records that had one. */
  meanScore?: number;
  scored: number;
  policyViolations: number;
}

// The sums live in a Float64Array per cell: a million records add into a few hundred cells.
const RECORDS = 0, CALLS = 1, TASKS = 2, FAILED = 3, TASKS_FAILED = 4, INPUT = 5, OUTPUT = 6, CACHE_READ = 7, CACHE_WRITE = 8, COST = 9, UNPRICED = 10, DURATION = 11, TIMED = 12, SCORE = 13, SCORED = 14, VIOLATIONS = 15;
const FIELDS = 16;

export type Sums = Float64Array;

export function newSums(): Sums {
  return new Float64Array(FIELDS);
}

export function addSums(into: Sums, from: Sums): void {
  for (let i = 0; i < FIELDS; i++) into[i] += from[i];
}

export function totalsOf(s: Sums): UsageTotals {
  return {
    records: s[RECORDS],
    calls: s[CALLS],
    tasks: s[TASKS],
    failed: s[FAILED],
    tasksFailed: s[TASKS_FAILED],
    inputTokens: s[INPUT],
    outputTokens: s[OUTPUT],
    cacheReadTokens: s[CACHE_READ],
    cacheWriteTokens: s[CACHE_WRITE],
    costUsd: Math.round(s[COST] * 1e6) / 1e6,
    unpriced: s[UNPRICED],
    errorRate: s[RECORDS] ? s[FAILED] / s[RECORDS] : 0,
    meanDurationMs: s[TIMED] ? Math.round(s[DURATION] / s[TIMED]) : undefined,
    meanScore: s[SCORED] ? s[SCORE] / s[SCORED] : undefined,
    scored: s[SCORED],
    policyViolations: s[VIOLATIONS],
  };
}

/** One day of one combination of environment, agent, workflow, phase and model. */
export interface Cell {
  day: number;
  environment: string;
  agent: string;
  workflow: string;
  phase: string;
  model: string;
  sums: Sums;
}

/** The time order of one agent's records in one environment: stalls and runs of failures need it. */
export interface AgentTrack {
  environment: string;
  agent: string;
  /** Record times in ms; a failed record's time is stored negated (one array instead of two). */
  times: number[];
  /** Error messages of failed records and how often each came (the first 50 distinct ones). */
  errors: Map<string, number>;
}

export interface PolicyHit {
  day: number;
  environment: string;
  agent: string;
  policy: string;
  count: number;
  firstTime: number;
}

const MAX_ERROR_KINDS = 50;

/** Adds records one at a time (streaming: the records themselves are not kept). */
export class UsageAggregator {
  readonly cells = new Map<string, Cell>();
  readonly tracks = new Map<string, AgentTrack>();
  readonly policyHits = new Map<string, PolicyHit>();
  firstTime = Infinity;
  lastTime = -Infinity;

  /** `costUsd`: the record's cost, or the price filled in; undefined when unknown. */
  add(r: UsageRecord, costUsd: number | undefined): void {
    const day = Math.floor(r.time / DAY_MS);
    const key = `${day}\u0000${r.environment}\u0000${r.agent}\u0000${r.workflow}\u0000${r.phase}\u0000${r.model}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { day, environment: r.environment, agent: r.agent, workflow: r.workflow, phase: r.phase, model: r.model, sums: newSums() }));
    const s = cell.sums;
    s[RECORDS]++;
    if (r.kind === 'task') s[TASKS]++;
    else s[CALLS]++;
    if (!r.success) {
      s[FAILED]++;
      if (r.kind === 'task') s[TASKS_FAILED]++;
    }
    s[INPUT] += r.inputTokens;
    s[OUTPUT] += r.outputTokens;
    s[CACHE_READ] += r.cacheReadTokens;
    s[CACHE_WRITE] += r.cacheWriteTokens;
    if (costUsd === undefined) s[UNPRICED]++;
    else s[COST] += costUsd;
    if (r.durationMs !== undefined) {
      s[DURATION] += r.durationMs;
      s[TIMED]++;
    }
    if (r.score !== undefined) {
      s[SCORE] += r.score;
      s[SCORED]++;
    }
    if (r.time < this.firstTime) this.firstTime = r.time;
    if (r.time > this.lastTime) this.lastTime = r.time;

    const trackKey = `${r.environment}\u0000${r.agent}`;
    let track = this.tracks.get(trackKey);
    if (!track) this.tracks.set(trackKey, (track = { environment: r.environment, agent: r.agent, times: [], errors: new Map() }));
    track.times.push(r.success ? r.time : -r.time);
    if (!r.success) {
      const message = r.error ?? 'failed without an error message';
      const seen = track.errors.get(message);
      if (seen !== undefined) track.errors.set(message, seen + 1);
      else if (track.errors.size < MAX_ERROR_KINDS) track.errors.set(message, 1);
    }
    if (r.policyViolation) {
      s[VIOLATIONS]++;
      const hitKey = `${day}\u0000${trackKey}\u0000${r.policyViolation}`;
      const hit = this.policyHits.get(hitKey);
      if (hit) {
        hit.count++;
        hit.firstTime = Math.min(hit.firstTime, r.time);
      } else this.policyHits.set(hitKey, { day, environment: r.environment, agent: r.agent, policy: r.policyViolation, count: 1, firstTime: r.time });
    }
  }
}

/** Sums the cells by a key; the keys come back sorted. */
export function groupCells(cells: Iterable<Cell>, keyOf: (cell: Cell) => string): Map<string, Sums> {
  const groups = new Map<string, Sums>();
  for (const cell of cells) {
    const key = keyOf(cell);
    let sums = groups.get(key);
    if (!sums) groups.set(key, (sums = newSums()));
    addSums(sums, cell.sums);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO 8601 week, `2025-W23` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: number): string {
  const date = new Date(day * DAY_MS);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date((day - weekday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
