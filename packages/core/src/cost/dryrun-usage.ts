import { readFileSync } from 'node:fs';
import type { Finding } from '../findings/index.js';
import { parseJson } from '../parse/index.js';
import type { TokenUsage } from '../pricing/index.js';

/** Average tokens of one task of an agent, measured by a dry run (model tokens, not estimates). */
export interface MeasuredTaskUsage extends TokenUsage {
  agent: string;
  model?: string;
  cases: number;
  /** Per task, like the token counts. */
  calls: number;
}

/** A TokenUsage as read from a file: any field may be missing or of the wrong type. */
type UsageJson = Partial<TokenUsage>;

/**
 * Reads a dry-run results file (`agentship dry-run --format json`): `{cases: [{id, agent, usage:
 * {input, output, cacheRead, cacheWrite}, calls: [{model}]}]}`, where a case's usage is the sum of
 * its calls; a case without `usage` may carry it per call (`calls: [{model, usage}]`). Cases without
 * an agent belong to `defaultAgent` (one-agent repositories).
 */
export function readDryRunUsage(absPath: string, relPath: string, defaultAgent?: string): { usage: Map<string, MeasuredTaskUsage>; problems: Finding[] } {
  const problems: Finding[] = [];
  const usage = new Map<string, MeasuredTaskUsage>();
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (error) {
    problems.push({ ruleId: 'cost/invalid-dry-run-results', severity: 'warning', message: `Dry-run results could not be read (${(error as NodeJS.ErrnoException).code}); usage is estimated from the configuration.`, file: relPath });
    return { usage, problems };
  }
  const parsed = parseJson(text);
  for (const p of parsed.problems) problems.push({ ruleId: 'cost/invalid-dry-run-results', severity: 'warning', message: p.message, file: relPath, line: p.line });
  const cases = (parsed.value as { cases?: unknown })?.cases;
  if (!Array.isArray(cases)) {
    problems.push({ ruleId: 'cost/invalid-dry-run-results', severity: 'warning', message: 'Dry-run results have no `cases` list; usage is estimated from the configuration.', file: relPath, line: 1 });
    return { usage, problems };
  }
  cases.forEach((c: unknown, index: number) => {
    const entry = c as { agent?: unknown; model?: unknown; usage?: UsageJson; calls?: Array<{ model?: unknown; usage?: UsageJson }> };
    const agent = typeof entry?.agent === 'string' && entry.agent ? entry.agent : defaultAgent;
    const calls = Array.isArray(entry?.calls) ? entry.calls : [];
    // The case's summed usage (agentship dry-run's CaseResult), else the sum of its calls' usage.
    const parts = entry?.usage ? [entry.usage] : calls.map((call) => call?.usage);
    if (!agent || parts.length === 0) return;
    if (!parts.every((u) => u && isCount(u.input) && isCount(u.output))) {
      problems.push({ ruleId: 'cost/invalid-dry-run-results', severity: 'warning', message: `Case ${index + 1} has no numeric usage.input and usage.output; it is not counted.`, file: relPath, line: parsed.lineOf(['cases', index]) });
      return;
    }
    const total = usage.get(agent) ?? { agent, cases: 0, calls: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    total.cases++;
    total.calls += Math.max(1, calls.length);
    for (const u of parts as UsageJson[]) {
      total.input += u.input!;
      total.output += u.output!;
      total.cacheRead += isCount(u.cacheRead) ? u.cacheRead : 0;
      total.cacheWrite += isCount(u.cacheWrite) ? u.cacheWrite : 0;
    }
    const model = calls.map((call) => call?.model).find((m) => typeof m === 'string' && m) ?? entry.model;
    if (typeof model === 'string' && model) total.model = model;
    usage.set(agent, total);
  });
  // Sums to averages per task (a case is one task).
  for (const u of usage.values()) {
    for (const key of ['calls', 'input', 'output', 'cacheRead', 'cacheWrite'] as const) u[key] = u[key] / u.cases;
  }
  return { usage, problems };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
