import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../config/index.js';

/**
 * One task's outcome under one configuration version: a line of production JSONL or a case of a
 * dry-run results file. Every measure is optional; a missing one is "no data" for that metric.
 */
export interface TaskRecord {
  taskId: string;
  version?: string;
  success?: boolean;
  score?: number;
  latencyMs?: number;
  tokens?: number;
  costUsd?: number;
  /** The task ended in an infrastructure or agent error (not a wrong answer). */
  error?: boolean;
}

export interface LoadedResults {
  file: string;
  records: TaskRecord[];
  /** Lines or entries that were skipped, each naming the file and line. */
  warnings: string[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const first = (o: Record<string, unknown>, keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined && v !== null);

const PASSED = new Set(['passed', 'pass', 'success', 'succeeded', 'ok', 'true']);
const FAILED = new Set(['failed', 'fail', 'failure', 'false', 'error', 'errored']);

function successOf(o: Record<string, unknown>): boolean | undefined {
  const v = first(o, ['success', 'passed', 'pass', 'ok', 'status', 'outcome']);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v > 0;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (PASSED.has(s)) return true;
    if (FAILED.has(s)) return false;
  }
  return undefined;
}

function tokensOf(o: Record<string, unknown>): number | undefined {
  const direct = num(first(o, ['tokens', 'totalTokens', 'total_tokens']));
  if (direct !== undefined) return direct;
  const usage = o.usage;
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, unknown>;
  const total = num(first(u, ['totalTokens', 'total_tokens']));
  if (total !== undefined) return total;
  const parts = [first(u, ['inputTokens', 'input_tokens', 'prompt_tokens']), first(u, ['outputTokens', 'output_tokens', 'completion_tokens'])].map(num);
  return parts.every((p) => p === undefined) ? undefined : parts.reduce<number>((s, p) => s + (p ?? 0), 0);
}

function errorOf(o: Record<string, unknown>): boolean {
  const e = o.error;
  if (typeof e === 'boolean') return e;
  if (typeof e === 'string') return e.length > 0;
  if (typeof e === 'number') return e !== 0;
  if (e && typeof e === 'object') return true;
  const status = typeof o.status === 'string' ? o.status.toLowerCase() : '';
  return status === 'error' || status === 'errored';
}

/** Normalises one JSON object into a TaskRecord, or explains why it cannot. */
export function toTaskRecord(value: unknown): TaskRecord | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const o = value as Record<string, unknown>;
  const id = first(o, ['taskId', 'task_id', 'task', 'caseId', 'case_id', 'id', 'name']);
  if (typeof id !== 'string' && typeof id !== 'number') return 'no task id (taskId, task_id, id or name)';
  const version = first(o, ['configVersion', 'config_version', 'version']);
  const score = num(o.score);
  const cost = num(first(o, ['costUsd', 'cost_usd', 'cost']));
  return {
    taskId: String(id),
    version: typeof version === 'string' || typeof version === 'number' ? String(version) : undefined,
    success: successOf(o),
    score,
    latencyMs: num(first(o, ['latencyMs', 'latency_ms', 'durationMs', 'duration_ms', 'latency'])),
    tokens: tokensOf(o),
    costUsd: cost,
    error: errorOf(o),
  };
}

/** The array of cases inside a dry-run results document. */
function casesOf(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  if (!doc || typeof doc !== 'object') return undefined;
  for (const key of ['cases', 'results', 'tasks', 'records']) {
    const v = (doc as Record<string, unknown>)[key];
    if (Array.isArray(v)) return v;
  }
  return undefined;
}

/**
 * Reads results from a dry-run results JSON (an array, or an object with `cases`, `results`,
 * `tasks` or `records`) or from task-level JSONL. Bad lines are skipped with a warning naming the
 * line; a missing file or a file with no usable record is a ConfigError naming the file.
 * With `version`, only records of that config version are kept (one JSONL can hold both arms).
 */
export function loadResults(file: string, options: { version?: string; label?: string } = {}): LoadedResults {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new ConfigError(`${options.label ?? 'results'} file not found: ${file}`);
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const warnings: string[] = [];
  const raw: Array<{ value: unknown; line: number }> = [];
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  const cases = whole === undefined ? undefined : casesOf(whole);
  if (cases) cases.forEach((value, i) => raw.push({ value, line: i + 1 }));
  else {
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        raw.push({ value: JSON.parse(line), line: i + 1 });
      } catch (error) {
        warnings.push(`${file}:${i + 1}: not valid JSON (${(error as Error).message.split('\n')[0]}); line skipped.`);
      }
    });
  }
  const records: TaskRecord[] = [];
  const where = cases ? (n: number) => `${file}: case ${n}` : (n: number) => `${file}:${n}`;
  for (const { value, line } of raw) {
    const record = toTaskRecord(value);
    if (typeof record === 'string') warnings.push(`${where(line)}: ${record}; skipped.`);
    else if (options.version === undefined || record.version === options.version) records.push(record);
  }
  if (!records.length) {
    const why = options.version !== undefined ? ` with config version "${options.version}"` : '';
    throw new ConfigError(`${file}: no task results${why} (expected a dry-run results JSON or JSONL lines with a task id).${warnings.length ? ' ' + warnings[0] : ''}`);
  }
  return { file, records, warnings };
}
