import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildUsageReport, otlpToUsageRecords, toUsageRecord } from '@agentship/core/usage';
import { REPO_ROOT } from '../helpers.js';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const ns = (iso: string) => String(BigInt(Date.parse(iso)) * 1_000_000n);

/** An OTLP/JSON export as the OpenTelemetry Collector's file exporter writes it: one agent run with two model calls. */
function exportOf(traceId: string, fail = false) {
  const call = (id: string, start: string, end: string, input: number, output: number, extra: object[] = []) => ({
    traceId,
    spanId: id,
    name: 'chat claude-sonnet-4-5',
    startTimeUnixNano: ns(start),
    endTimeUnixNano: ns(end),
    attributes: [str('gen_ai.operation.name', 'chat'), str('gen_ai.provider.name', 'anthropic'), str('gen_ai.request.model', 'claude-sonnet-4-5'), str('gen_ai.response.model', 'claude-sonnet-4-5-20250929'), int('gen_ai.usage.input_tokens', input), int('gen_ai.usage.output_tokens', output), str('gen_ai.agent.name', 'reviewer'), ...extra],
    status: {},
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'review-bot'), str('deployment.environment.name', 'production')] },
        scopeSpans: [
          {
            scope: { name: 'opentelemetry.instrumentation.anthropic' },
            spans: [
              call('a1', '2025-06-01T10:00:00Z', '2025-06-01T10:00:02.5Z', 12000, 800, [int('gen_ai.usage.cache_read.input_tokens', 10000), str('agentship.workflow', 'pr-review'), str('agentship.phase', 'review')]),
              call('a2', '2025-06-01T10:00:03Z', '2025-06-01T10:00:05Z', 14000, 1200),
              {
                traceId,
                spanId: 'root',
                name: 'invoke_agent reviewer',
                startTimeUnixNano: ns('2025-06-01T10:00:00Z'),
                endTimeUnixNano: ns('2025-06-01T10:00:06Z'),
                attributes: [str('gen_ai.operation.name', 'invoke_agent'), str('gen_ai.agent.name', 'reviewer'), int('gen_ai.usage.input_tokens', 26000), int('gen_ai.usage.output_tokens', 2000), ...(fail ? [str('error.type', 'timeout')] : [])],
                status: fail ? { code: 2, message: 'deadline exceeded' } : { code: 1 },
              },
              { traceId, spanId: 't1', name: 'execute_tool read_file', attributes: [str('gen_ai.operation.name', 'execute_tool')] },
            ],
          },
        ],
      },
    ],
  };
}

describe('OpenTelemetry GenAI spans (OTLP/JSON) as usage records', () => {
  it('maps model-call spans to calls and invoke_agent spans to tasks, with the documented attributes', () => {
    const records = otlpToUsageRecords(exportOf('t'.repeat(32))).map((r) => toUsageRecord(r).record!);
    expect(records.map((r) => r.kind)).toEqual(['call', 'call', 'task']);
    expect(records[0]).toMatchObject({
      time: Date.parse('2025-06-01T10:00:00Z'),
      environment: 'production',
      agent: 'reviewer',
      workflow: 'pr-review',
      phase: 'review',
      model: 'claude-sonnet-4-5-20250929',
      inputTokens: 12000,
      outputTokens: 800,
      cacheReadTokens: 10000,
      success: true,
      durationMs: 2500,
    });
    // The task's own token counts would count the calls twice: the calls are in the export, so it keeps none.
    expect(records[2]).toMatchObject({ kind: 'task', inputTokens: 0, outputTokens: 0, success: true, durationMs: 6000 });
  });

  it('marks a span with an error status as a failure with its error.type', () => {
    const [task] = otlpToUsageRecords(exportOf('f'.repeat(32), true)).filter((r) => r.kind === 'task');
    expect(task).toMatchObject({ success: false, error: 'timeout' });
  });

  it('keeps a task\'s tokens when its calls are not in the export', () => {
    const exported = exportOf('x'.repeat(32));
    exported.resourceSpans[0].scopeSpans[0].spans = exported.resourceSpans[0].scopeSpans[0].spans.filter((s) => s.spanId === 'root');
    expect(otlpToUsageRecords(exported)).toMatchObject([{ kind: 'task', input_tokens: 26000, output_tokens: 2000 }]);
  });

  it('reads a Collector file export (one request per line) in the report, priced from the model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-otel-'));
    writeFileSync(join(dir, 'traces.jsonl'), [exportOf('1'.repeat(32)), exportOf('2'.repeat(32), true)].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const report = await buildUsageReport({ paths: [dir], asOf: Date.UTC(2025, 5, 2) });
    expect(report.data.records).toBe(6);
    expect(report.totals).toMatchObject({ calls: 4, tasks: 2, tasksFailed: 1, inputTokens: 52000, outputTokens: 4000, cacheReadTokens: 20000 });
    expect(report.data.pricedHere).toBe(4);
    expect(report.data.unpriced).toBe(0);
    expect(report.totals.costUsd).toBeGreaterThan(0);
    expect(report.by.workflow.map((w) => w.key)).toContain('pr-review');
  });
});

describe('schemas/usage-record.schema.json', () => {
  it('accepts what the reader accepts and rejects what it rejects', async () => {
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/usage-record.schema.json'), 'utf8'));
    const check = new Ajv2020({ strict: false }).compile(schema);
    const samples: unknown[] = [
      { timestamp: '2025-06-01T10:00:00Z', agent: 'triage', model: 'claude-haiku-4-5', input_tokens: 10, output_tokens: 2, cost_usd: 0.1, success: true, score: 0.9, extra: 'kept' },
      { timestamp: 1748772000000, kind: 'task', error: 'timeout' },
      { timestamp: '2025-06-01' },
      { timestamp: '2025-06-01T10:00:00Z', input_tokens: -1 },
      { timestamp: '2025-06-01T10:00:00Z', kind: 'job' },
      { timestamp: '2025-06-01T10:00:00Z', score: 2 },
      { agent: 'no time' },
      [1, 2],
    ];
    for (const sample of samples) expect(check(sample), JSON.stringify(sample)).toBe(toUsageRecord(sample).record !== undefined);
    expect(samples.filter((s) => check(s))).toHaveLength(2);
  });
});
