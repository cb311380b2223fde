/**
 * OpenTelemetry GenAI spans to usage records. Input: OTLP/JSON trace exports
 * (`ExportTraceServiceRequest`: `{resourceSpans: [{resource, scopeSpans: [{spans}]}]}`), as the
 * OpenTelemetry Collector's file exporter writes them, one request per line. The mapping table is
 * in docs/monitoring.md; attribute names follow the GenAI semantic conventions (gen_ai.*).
 */

type OtlpValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
interface OtlpAttribute {
  key: string;
  value?: OtlpValue;
}
interface OtlpSpan {
  traceId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number | string; message?: string };
}

/** True for a parsed JSON value that looks like an OTLP/JSON trace export. */
export function isOtlpExport(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { resourceSpans?: unknown }).resourceSpans);
}

/** Operations that are one model call; `invoke_agent` is a task. Spans of other operations (tools, embeddings without usage) are skipped. */
const CALL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings', 'responses']);

/**
 * Maps the GenAI spans of one export to raw usage records (the JSONL shape, checked afterwards by
 * `toUsageRecord`). An `invoke_agent` span becomes a `task` record; when model-call spans of the
 * same trace are in the export too, the task keeps no tokens so they are not counted twice.
 */
export function otlpToUsageRecords(exported: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const resourceSpans = (exported as { resourceSpans?: unknown[] }).resourceSpans ?? [];
  const tracesWithCalls = new Set<string>();
  const tasks: Array<{ record: Record<string, unknown>; traceId?: string }> = [];
  for (const rs of resourceSpans) {
    const resource = attributeMap((rs as { resource?: { attributes?: OtlpAttribute[] } })?.resource?.attributes);
    for (const ss of asArray((rs as { scopeSpans?: unknown[] })?.scopeSpans)) {
      for (const span of asArray((ss as { spans?: unknown[] })?.spans) as OtlpSpan[]) {
        const attrs = attributeMap(span?.attributes);
        const operation = str(attrs['gen_ai.operation.name']);
        const hasUsage = attrs['gen_ai.usage.input_tokens'] !== undefined || attrs['gen_ai.usage.output_tokens'] !== undefined || attrs['gen_ai.usage.prompt_tokens'] !== undefined;
        const isTask = operation === 'invoke_agent';
        if (!isTask && !(operation && CALL_OPERATIONS.has(operation)) && !hasUsage) continue;
        const record = spanToRecord(span, attrs, resource, isTask ? 'task' : 'call');
        if (isTask) tasks.push({ record, traceId: span.traceId });
        else {
          if (span.traceId && hasUsage) tracesWithCalls.add(span.traceId);
          out.push(record);
        }
      }
    }
  }
  for (const { record, traceId } of tasks) {
    if (traceId && tracesWithCalls.has(traceId)) {
      for (const key of ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cost_usd']) delete record[key];
    }
    out.push(record);
  }
  return out;
}

function spanToRecord(span: OtlpSpan, attrs: Record<string, unknown>, resource: Record<string, unknown>, kind: 'call' | 'task'): Record<string, unknown> {
  const start = nanosToMs(span.startTimeUnixNano);
  const end = nanosToMs(span.endTimeUnixNano);
  const failed = span.status?.code === 2 || span.status?.code === 'STATUS_CODE_ERROR' || attrs['error.type'] !== undefined;
  const record: Record<string, unknown> = {
    timestamp: start ?? end,
    kind,
    environment: str(resource['deployment.environment.name']) ?? str(resource['deployment.environment']) ?? str(attrs['agentship.environment']),
    agent: str(attrs['gen_ai.agent.name']) ?? str(attrs['agentship.agent']) ?? str(resource['service.name']),
    workflow: str(attrs['agentship.workflow']),
    phase: str(attrs['agentship.phase']),
    model: str(attrs['gen_ai.response.model']) ?? str(attrs['gen_ai.request.model']),
    input_tokens: num(attrs['gen_ai.usage.input_tokens']) ?? num(attrs['gen_ai.usage.prompt_tokens']),
    output_tokens: num(attrs['gen_ai.usage.output_tokens']) ?? num(attrs['gen_ai.usage.completion_tokens']),
    cache_read_tokens: num(attrs['gen_ai.usage.cache_read.input_tokens']),
    cache_write_tokens: num(attrs['gen_ai.usage.cache_creation.input_tokens']),
    cost_usd: num(attrs['agentship.cost_usd']),
    success: !failed,
    error: failed ? (str(attrs['error.type']) ?? (span.status?.message || 'error')) : undefined,
    duration_ms: start !== undefined && end !== undefined && end >= start ? end - start : undefined,
    score: num(attrs['agentship.score']),
    policy_violation: str(attrs['agentship.policy_violation']),
  };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

function attributeMap(list: unknown): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const a of asArray(list) as OtlpAttribute[]) {
    if (!a || typeof a.key !== 'string' || !a.value) continue;
    const v = a.value;
    map[a.key] = v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue;
  }
  return map;
}

/** OTLP/JSON writes 64-bit integers as strings; nanoseconds to milliseconds. */
function nanosToMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value / 1e6;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(BigInt(value) / 1000n) / 1000;
  return undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
