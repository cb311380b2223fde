import { ConfigError } from '../errors/index.js';
import { fingerprint, type Finding } from '../findings/index.js';
import { round, type BudgetLine, type BudgetReport } from './budget.js';
import { RESULTS_KIND, summarizeCases, type RunResult, type SuiteMeta } from './results.js';
import type { Shard } from './shard.js';
import { addUsage } from './types.js';

/** A set of shard results that does not join: a user mistake, shown without a stack. */
export class MergeError extends ConfigError {
  override name = 'MergeError';
}

/**
 * Joins the results of shards into one run: cases side by side, suites and totals recomputed from
 * the cases, budgets added. A case in two shards or a missing shard is an error, not a silent gap.
 */
export function mergeResults(parts: RunResult[]): RunResult {
  if (parts.length === 0) throw new MergeError('no results to merge');
  const shards: Shard[] = parts.flatMap((p) => p.shards ?? (p.shard ? [p.shard] : []));
  const totalsSeen = new Set(shards.map((s) => s.total));
  if (totalsSeen.size > 1) throw new MergeError(`the results come from different shard counts (${[...totalsSeen].join(', ')})`);
  if (shards.length) {
    const total = shards[0].total;
    const have = new Set(shards.map((s) => s.index));
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !have.has(i));
    if (missing.length) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: every shard's results are needed for a complete report`);
  }
  const seen = new Map<string, number>();
  parts.forEach((p, i) => {
    for (const c of p.cases) {
      if (seen.has(c.id)) throw new MergeError(`case "${c.id}" is in two results (parts ${seen.get(c.id)! + 1} and ${i + 1}); were the same shard's results given twice?`);
      seen.set(c.id, i);
    }
  });
  const cases = parts.flatMap((p) => p.cases).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const suiteMeta = new Map<string, SuiteMeta>();
  for (const p of parts) for (const s of p.suites) suiteMeta.set(`${s.file}\0${s.name}`, { name: s.name, file: s.file, threshold: s.threshold });
  const { suites, totals } = summarizeCases(cases, [...suiteMeta.values()].sort((a, b) => a.file.localeCompare(b.file)));
  const findings = new Map<string, Finding>();
  for (const p of parts) for (const f of p.findings) findings.set(`${fingerprint(f)}:${f.line ?? 0}`, f);
  return {
    version: 1,
    kind: RESULTS_KIND,
    mode: parts[0].mode,
    startedAt: parts.map((p) => p.startedAt).sort()[0],
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    shards: shards.length ? [...shards].sort((a, b) => a.index - b.index) : undefined,
    suites,
    cases,
    totals,
    budget: mergeBudgets(parts.map((p) => p.budget).filter((b): b is BudgetReport => !!b)),
    cassettes: { dir: parts[0].cassettes.dir, used: sumOf(parts, (p) => p.cassettes.used), recorded: sumOf(parts, (p) => p.cassettes.recorded), unused: [] },
    findings: [...findings.values()],
    pass: suites.every((s) => s.pass) && ![...findings.values()].some((f) => f.severity === 'error'),
  };
}

function mergeBudgets(budgets: BudgetReport[]): BudgetReport | undefined {
  if (!budgets.length) return undefined;
  const lines = new Map<string, BudgetLine>();
  for (const b of budgets) {
    for (const l of b.lines) {
      const id = `${l.caseId}\0${l.model}`;
      const prev = lines.get(id);
      lines.set(id, prev ? { ...prev, calls: prev.calls + l.calls, refused: prev.refused + l.refused, usage: addUsage(prev.usage, l.usage), costUsd: round(prev.costUsd + l.costUsd) } : { ...l });
    }
  }
  return { cap: budgets[0].cap, tokens: sumOf(budgets, (b) => b.tokens), costUsd: round(sumOf(budgets, (b) => b.costUsd)), refusedCalls: sumOf(budgets, (b) => b.refusedCalls), lines: [...lines.values()] };
}

function sumOf<T>(items: T[], f: (x: T) => number): number {
  return items.reduce((n, x) => n + f(x), 0);
}
