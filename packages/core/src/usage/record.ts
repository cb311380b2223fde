/**
 * One usage record: a model call or a finished task of a deployed agent, as one line of JSONL
 * (schemas/usage-record.schema.json, docs/monitoring.md). The model proxy, production logs and the
 * OpenTelemetry GenAI mapping (otel.ts) all produce this shape.
 */
export interface UsageRecord {
  /** Milliseconds since the epoch (UTC). */
  time: number;
  environment: string;
  agent: string;
  workflow: string;
  phase: string;
  model: string;
  kind: 'call' | 'task';
  /** Every input token, cache reads and writes included (OpenAI `prompt_tokens`, OTel `gen_ai.usage.input_tokens`). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Undefined when the record did not say; the report prices it. */
  costUsd?: number;
  success: boolean;
  error?: string;
  durationMs?: number;
  /** A quality score from 0 to 1 (an eval, a judge, a user rating), when there is one. */
  score?: number;
  policyViolation?: string;
}

/** What a field left empty is reported as. */
export const UNSPECIFIED = '(unspecified)';

export type RecordResult = { record: UsageRecord; problem?: undefined } | { record?: undefined; problem: string };

const STRING_FIELDS = ['environment', 'agent', 'workflow', 'phase', 'model'] as const;
const TOKEN_FIELDS = [
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
  ['cache_read_tokens', 'cacheReadTokens'],
  ['cache_write_tokens', 'cacheWriteTokens'],
] as const;

/**
 * Checks and converts one parsed JSONL value. Written by hand rather than with Ajv: it runs a
 * million times per report and its messages name the field. Unknown fields are ignored, so
 * emitters may add their own.
 */
export function toUsageRecord(value: unknown, defaultEnvironment = UNSPECIFIED): RecordResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'a usage record is a JSON object' };
  const raw = value as Record<string, unknown>;
  const time = parseTime(raw.timestamp);
  if (time === undefined) return { problem: raw.timestamp === undefined ? 'timestamp is missing' : `timestamp ${JSON.stringify(raw.timestamp)} is not an RFC 3339 date-time or epoch milliseconds` };
  const record: UsageRecord = {
    time,
    environment: defaultEnvironment,
    agent: UNSPECIFIED,
    workflow: UNSPECIFIED,
    phase: UNSPECIFIED,
    model: UNSPECIFIED,
    kind: 'call',
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    success: true,
  };
  for (const field of STRING_FIELDS) {
    const v = raw[field];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') return { problem: `${field} must be a string` };
    record[field] = v;
  }
  if (raw.kind !== undefined) {
    if (raw.kind !== 'call' && raw.kind !== 'task') return { problem: 'kind must be "call" or "task"' };
    record.kind = raw.kind;
  }
  for (const [key, field] of TOKEN_FIELDS) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return { problem: `${key} must be a number, 0 or more` };
    record[field] = v;
  }
  // Inputs that do not add up count the cache parts in full, as the pricing does.
  record.inputTokens = Math.max(record.inputTokens, record.cacheReadTokens + record.cacheWriteTokens);
  if (raw.cost_usd !== undefined && raw.cost_usd !== null) {
    if (typeof raw.cost_usd !== 'number' || !Number.isFinite(raw.cost_usd) || raw.cost_usd < 0) return { problem: 'cost_usd must be a number of US dollars, 0 or more' };
    record.costUsd = raw.cost_usd;
  }
  if (raw.error !== undefined && raw.error !== null && raw.error !== '') {
    if (typeof raw.error !== 'string') return { problem: 'error must be a string' };
    record.error = raw.error;
  }
  if (raw.success !== undefined && raw.success !== null) {
    if (typeof raw.success !== 'boolean') return { problem: 'success must be true or false' };
    record.success = raw.success;
  } else record.success = record.error === undefined;
  if (raw.duration_ms !== undefined && raw.duration_ms !== null) {
    if (typeof raw.duration_ms !== 'number' || !Number.isFinite(raw.duration_ms) || raw.duration_ms < 0) return { problem: 'duration_ms must be a number, 0 or more' };
    record.durationMs = raw.duration_ms;
  }
  if (raw.score !== undefined && raw.score !== null) {
    if (typeof raw.score !== 'number' || !(raw.score >= 0 && raw.score <= 1)) return { problem: 'score must be a number from 0 to 1' };
    record.score = raw.score;
  }
  if (raw.policy_violation !== undefined && raw.policy_violation !== null && raw.policy_violation !== '') {
    if (typeof raw.policy_violation !== 'string') return { problem: 'policy_violation must be a string' };
    record.policyViolation = raw.policy_violation;
  }
  return { record };
}

/** RFC 3339 text or epoch milliseconds; undefined for anything else. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  // Date.parse also takes "June 3" or "2025-06-03" (local midnight): require a date, a time and a zone.
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
