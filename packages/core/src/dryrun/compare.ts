import { pct, usd, type CaseResult, type RunResult } from './results.js';
import { inShard } from './shard.js';

export interface CompareOptions {
  /** A score may drop this much (0..1) before it is a regression. Default 0. */
  scoreTolerance?: number;
  /** Tokens and cost of a case may grow this many percent before it is a regression; undefined: never. */
  maxIncreasePercent?: number;
}

export type CaseChange = 'regressed' | 'improved' | 'same' | 'new' | 'removed';

export interface CaseComparison {
  id: string;
  change: CaseChange;
  reasons: string[];
  baseline?: Pick<CaseResult, 'pass' | 'score' | 'tokens' | 'costUsd' | 'latencyMs'>;
  current?: Pick<CaseResult, 'pass' | 'score' | 'tokens' | 'costUsd' | 'latencyMs'>;
}

export interface Comparison {
  passRate: { baseline: number; current: number };
  tokens: { baseline: number; current: number };
  costUsd: { baseline: number; current: number };
  cases: CaseComparison[];
  regressions: number;
}

const pick = (c: CaseResult) => ({ pass: c.pass, score: c.score, tokens: c.tokens, costUsd: c.costUsd, latencyMs: c.latencyMs });

/** Compares a run with a stored baseline run, case by case; a regression fails the stage. */
export function compareWithBaseline(current: RunResult, baseline: RunResult, options: CompareOptions = {}): Comparison {
  const tolerance = options.scoreTolerance ?? 0;
  // A shard is compared with the part of the baseline that falls in the same shard.
  const baseCases = baseline.cases.filter((c) => inShard(c.id, current.shard));
  const baseById = new Map(baseCases.map((c) => [c.id, c]));
  const rows: CaseComparison[] = [];
  for (const c of current.cases) {
    const b = baseById.get(c.id);
    if (!b) {
      rows.push({ id: c.id, change: 'new', reasons: [], current: pick(c) });
      continue;
    }
    const reasons: string[] = [];
    if (b.pass && !c.pass) reasons.push('passed in the baseline, fails now');
    if (c.score < b.score - tolerance - 1e-9) reasons.push(`score ${b.score} -> ${c.score}`);
    if (options.maxIncreasePercent !== undefined) {
      const limit = 1 + options.maxIncreasePercent / 100;
      if (b.tokens > 0 && c.tokens > b.tokens * limit) reasons.push(`tokens ${b.tokens} -> ${c.tokens} (over +${options.maxIncreasePercent}%)`);
      if (b.costUsd && c.costUsd !== undefined && c.costUsd > b.costUsd * limit) reasons.push(`cost ${usd(b.costUsd)} -> ${usd(c.costUsd)} (over +${options.maxIncreasePercent}%)`);
    }
    const improved = (!b.pass && c.pass) || c.score > b.score + 1e-9;
    rows.push({ id: c.id, change: reasons.length ? 'regressed' : improved ? 'improved' : 'same', reasons, baseline: pick(b), current: pick(c) });
  }
  const currentIds = new Set(current.cases.map((c) => c.id));
  for (const b of baseCases) if (!currentIds.has(b.id)) rows.push({ id: b.id, change: 'removed', reasons: [], baseline: pick(b) });
  const sum = (cases: CaseResult[], f: (c: CaseResult) => number) => cases.reduce((n, c) => n + f(c), 0);
  return {
    passRate: { baseline: baseCases.length ? baseCases.filter((c) => c.pass).length / baseCases.length : 1, current: current.totals.passRate },
    tokens: { baseline: sum(baseCases, (c) => c.tokens), current: current.totals.tokens },
    costUsd: { baseline: sum(baseCases, (c) => c.costUsd ?? 0), current: current.totals.costUsd },
    cases: rows,
    regressions: rows.filter((r) => r.change === 'regressed').length,
  };
}

/** The comparison as a markdown table: baseline -> current per case, regressions first. */
export function formatComparisonMarkdown(cmp: Comparison): string {
  const lines = [`### Compared with the baseline: ${cmp.regressions ? `**${cmp.regressions} regression${cmp.regressions > 1 ? 's' : ''}**` : 'no regressions'}`, ''];
  lines.push(`Pass rate ${pct(cmp.passRate.baseline)} -> ${pct(cmp.passRate.current)}, tokens ${cmp.tokens.baseline} -> ${cmp.tokens.current} (${delta(cmp.tokens.baseline, cmp.tokens.current)}), cost ${usd(cmp.costUsd.baseline)} -> ${usd(cmp.costUsd.current)}.`, '');
  lines.push('| case | change | pass | score | tokens | cost | latency ms |', '|---|---|---|---|---|---|---|');
  const order: CaseChange[] = ['regressed', 'removed', 'new', 'improved', 'same'];
  for (const r of [...cmp.cases].sort((a, b) => order.indexOf(a.change) - order.indexOf(b.change) || a.id.localeCompare(b.id))) {
    const b = r.baseline;
    const c = r.current;
    const pair = <T>(f: (x: NonNullable<typeof b>) => T, show: (v: T) => string) => `${b ? show(f(b)) : '–'} -> ${c ? show(f(c)) : '–'}`;
    const change = r.change === 'regressed' ? `**regressed**: ${r.reasons.join('; ')}` : r.change;
    lines.push(
      `| ${r.id.replace(/\|/g, '\\|')} | ${change} | ${pair((x) => x.pass, (v) => (v ? 'pass' : 'fail'))} | ${pair((x) => x.score, String)} | ${pair((x) => x.tokens, String)}${b && c ? ` (${delta(b.tokens, c.tokens)})` : ''} | ${pair((x) => x.costUsd, usd)} | ${pair((x) => x.latencyMs, (v) => String(Math.round(v)))} |`,
    );
  }
  return lines.join('\n') + '\n';
}

function delta(before: number, after: number): string {
  if (before === after) return '±0';
  if (before === 0) return `+${after}`;
  const p = ((after - before) / before) * 100;
  return `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
}
