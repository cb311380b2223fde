import type { RunResult } from './results.js';

/**
 * The proxy's calls as usage records (schemas/usage-record.schema.json), one JSONL line each, so
 * `agentship report` reads a dry run or an integration run like production traffic. Calls that
 * never reached a model (a cassette miss, a refusal over the cap) are left out: they cost nothing.
 */
export function usageRecordsOf(result: RunResult, environment: string): string {
  const started = Date.parse(result.startedAt);
  const lines: string[] = [];
  for (const c of result.cases) {
    for (const call of c.calls) {
      if (call.source === 'miss' || call.source === 'refused') continue;
      lines.push(
        JSON.stringify({
          timestamp: new Date(Number.isFinite(started) ? started : Date.now()).toISOString(),
          environment,
          agent: c.agent,
          workflow: c.suite,
          phase: `dry-run-${result.mode}`,
          model: call.model,
          kind: 'call',
          input_tokens: call.usage.input,
          output_tokens: call.usage.output,
          cache_read_tokens: call.usage.cacheRead,
          cache_write_tokens: call.usage.cacheWrite,
          ...(call.costUsd !== undefined ? { cost_usd: call.costUsd } : {}),
          success: call.status < 400 && !call.error,
          ...(call.error ? { error: call.error } : {}),
          duration_ms: call.latencyMs,
        }),
      );
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
