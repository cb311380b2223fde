import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/index.js';
import type { Finding } from '../findings/index.js';
import { xmlEscape } from '../report/xml.js';
import type { AssertionResult } from './assertions.js';
import { round, type BudgetReport } from './budget.js';
import type { Shard } from './shard.js';
import { addUsage, emptyUsage, totalTokens, type CallRecord, type ProxyMode, type Usage } from './types.js';

export const RESULTS_KIND = 'agentship-dry-run';

/** Checks that a parsed file is a dry-run results JSON; names the file when it is not. */
export function asRunResult(value: unknown, name: string): RunResult {
  const r = value as RunResult;
  const shaped = r && typeof r === 'object' && r.kind === RESULTS_KIND && r.version === 1;
  if (!shaped || !Array.isArray(r.cases)) {
    throw new ConfigError(
      `${name} is not an agentship dry-run results file (kind "${RESULTS_KIND}", version 1).`,
    );
  }
  return r;
}

/**
 * Reads a dry-run results JSON (a baseline, a shard, the cached previous run). `name` is how the
 * error names the file: the path as the user gave it.
 */
export function readResults(path: string, name: string): RunResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`No such results file: ${name}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  return asRunResult(parsed, name);
}

/** One model call as the results keep it (no bodies: they are in the cassettes); the cost stage reads `model` and `usage`. */
export type CallSummary = Pick<CallRecord, 'provider' | 'endpoint' | 'model' | 'key' | 'source' | 'status' | 'stream' | 'usage' | 'costUsd' | 'error'> & { tokens: number; latencyMs: number };

export interface CaseResult {
  id: string;
  suite: string;
  file: string;
  line: number;
  agent: string;
  tags: string[];
  pass: boolean;
  /** Weighted share of expectations passed, 0..1. */
  score: number;
  threshold: number;
  weight: number;
  assertions: AssertionResult[];
  /** The agent's output, secrets redacted, cut at 4,000 characters. */
  output: string;
  error?: string;
  usage: Usage;
  tokens: number;
  costUsd?: number;
  latencyMs: number;
  skillsUsed: string[];
  calls: CallSummary[];
}

export interface SuiteResult {
  name: string;
  file: string;
  threshold: number;
  cases: number;
  passed: number;
  /** Weighted share of cases passed. */
  passRate: number;
  pass: boolean;
}

export interface Totals {
  cases: number;
  passed: number;
  failed: number;
  passRate: number;
  tokens: number;
  usage: Usage;
  costUsd: number;
  /** Cases whose cost is unknown (a model without a price). */
  unpriced: number;
  latencyMs: number;
}

/** The results JSON of a run (or of merged shards): `agentship dry-run --format json`. */
export interface RunResult {
  version: 1;
  kind: typeof RESULTS_KIND;
  mode: ProxyMode;
  startedAt: string;
  durationMs: number;
  shard?: Shard;
  /** For merged results: the shards joined. */
  shards?: Shard[];
  suites: SuiteResult[];
  cases: CaseResult[];
  totals: Totals;
  budget?: BudgetReport;
  cassettes: { dir: string; used: number; recorded: number; unused: string[] };
  findings: Finding[];
  pass: boolean;
}

export interface SuiteMeta {
  name: string;
  file: string;
  threshold: number;
}

/** Suite pass rates and totals from case results; merge uses it too, so shards add up exactly. */
export function summarizeCases(cases: CaseResult[], suites: SuiteMeta[]): { suites: SuiteResult[]; totals: Totals } {
  const suiteResults = suites.map((s) => {
    const own = cases.filter((c) => c.suite === s.name && c.file === s.file);
    const weight = own.reduce((n, c) => n + c.weight, 0);
    const passedWeight = own.filter((c) => c.pass).reduce((n, c) => n + c.weight, 0);
    const passRate = weight ? passedWeight / weight : 1;
    return { name: s.name, file: s.file, threshold: s.threshold, cases: own.length, passed: own.filter((c) => c.pass).length, passRate: round4(passRate), pass: passRate + 1e-9 >= s.threshold };
  });
  const usage = cases.reduce((u, c) => addUsage(u, c.usage), emptyUsage());
  const passed = cases.filter((c) => c.pass).length;
  return {
    suites: suiteResults,
    totals: {
      cases: cases.length,
      passed,
      failed: cases.length - passed,
      passRate: cases.length ? round4(passed / cases.length) : 1,
      tokens: totalTokens(usage),
      usage,
      costUsd: round(cases.reduce((n, c) => n + (c.costUsd ?? 0), 0)),
      unpriced: cases.filter((c) => c.costUsd === undefined && c.tokens > 0).length,
      latencyMs: Math.round(cases.reduce((n, c) => n + c.latencyMs, 0)),
    },
  };
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** JUnit XML for the GitHub and GitLab test views: one test suite per suite file, one test case per case. */
export function formatResultsJunit(result: RunResult): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  out.push(`<testsuites name="agentship dry-run" tests="${result.totals.cases}" failures="${result.totals.failed}" errors="0" time="${seconds(result.durationMs)}">`);
  for (const suite of result.suites) {
    const cases = result.cases.filter((c) => c.suite === suite.name && c.file === suite.file);
    const failures = cases.filter((c) => !c.pass).length;
    out.push(`  <testsuite name="${xmlEscape(suite.name)}" file="${xmlEscape(suite.file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(cases.reduce((n, c) => n + c.latencyMs, 0))}">`);
    for (const c of cases) {
      out.push(`    <testcase classname="${xmlEscape(suite.name)}" name="${xmlEscape(c.id)}" file="${xmlEscape(c.file)}" line="${c.line}" time="${seconds(c.latencyMs)}">`);
      if (!c.pass) {
        const failed = c.assertions.filter((a) => !a.pass).map((a) => `${a.kind}: ${a.message}`);
        const message = c.error ?? failed[0] ?? `score ${c.score} below threshold ${c.threshold}`;
        out.push(`      <failure type="dry-run" message="${xmlEscape(firstLine(message))}">${xmlEscape([c.error, ...failed, `score ${c.score} (threshold ${c.threshold})`].filter(Boolean).join('\n'))}</failure>`);
      }
      out.push(`      <system-out>${xmlEscape(`tokens ${c.tokens}, cost ${usd(c.costUsd)}, ${c.calls.length} model calls\n${c.output}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

export function usd(value: number | undefined): string {
  if (value === undefined) return 'unknown';
  return value === 0 ? '$0' : value < 0.01 ? `$${value.toFixed(6)}` : `$${value.toFixed(4)}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/** The job summary: totals, suites, failed cases with reasons, and where the budget went. */
export function formatResultsMarkdown(result: RunResult): string {
  const t = result.totals;
  const lines = [`## agentship dry-run ${result.pass ? 'passed' : 'failed'} (${result.mode})`, ''];
  if (result.shard) lines.push(`Shard ${result.shard.index}/${result.shard.total}.`, '');
  if (result.shards) lines.push(`Merged from ${result.shards.length} shards.`, '');
  lines.push('| cases | passed | failed | pass rate | tokens | cost |', '|---:|---:|---:|---:|---:|---:|');
  lines.push(`| ${t.cases} | ${t.passed} | ${t.failed} | ${pct(t.passRate)} | ${t.tokens} | ${usd(t.costUsd)}${t.unpriced ? ` (+${t.unpriced} unpriced)` : ''} |`, '');
  if (result.suites.length) {
    lines.push('| suite | cases | passed | pass rate | threshold | |', '|---|---:|---:|---:|---:|---|');
    for (const s of result.suites) lines.push(`| ${md(s.name)} | ${s.cases} | ${s.passed} | ${pct(s.passRate)} | ${pct(s.threshold)} | ${s.pass ? 'pass' : '**fail**'} |`);
    lines.push('');
  }
  const failed = result.cases.filter((c) => !c.pass);
  if (failed.length) {
    lines.push('### Failed cases', '');
    for (const c of failed) {
      const reasons = [c.error, ...c.assertions.filter((a) => !a.pass).map((a) => `${a.kind}: ${a.message}`)].filter(Boolean) as string[];
      lines.push(`- **${md(c.id)}** (${md(c.file)}:${c.line}), score ${c.score}: ${md(reasons.join('; ').split('\n').join(' '))}`);
    }
    lines.push('');
  }
  if (result.budget && (result.budget.lines.length || result.budget.refusedCalls)) {
    const b = result.budget;
    const cap = [b.cap.maxTokens !== undefined ? `${b.cap.maxTokens} tokens` : '', b.cap.maxCostUsd !== undefined ? `$${b.cap.maxCostUsd}` : ''].filter(Boolean).join(', ') || 'none';
    lines.push(`### Budget (cap: ${cap})`, '', `${b.tokens} tokens, ${usd(b.costUsd)} spent; ${b.refusedCalls} calls refused.`, '');
    lines.push('| case | model | calls | refused | tokens | cost |', '|---|---|---:|---:|---:|---:|');
    for (const l of [...b.lines].sort((x, y) => y.costUsd - x.costUsd || totalTokens(y.usage) - totalTokens(x.usage))) {
      lines.push(`| ${md(l.caseId)} | ${md(l.model)} | ${l.calls} | ${l.refused} | ${totalTokens(l.usage)} | ${usd(l.costUsd)} |`);
    }
    lines.push('');
  }
  if (result.findings.length) {
    lines.push('### Findings', '');
    for (const f of result.findings) lines.push(`- ${f.severity} \`${f.ruleId}\` ${md(f.file)}${f.line ? `:${f.line}` : ''}: ${md(f.message)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The terminal report. */
export function formatResultsText(result: RunResult): string {
  const lines: string[] = [];
  for (const c of result.cases) {
    lines.push(`${c.pass ? 'PASS' : 'FAIL'}  ${c.id}  (${c.suite}, score ${c.score}, ${c.tokens} tokens, ${usd(c.costUsd)}, ${Math.round(c.latencyMs)} ms)`);
    if (!c.pass) {
      if (c.error) lines.push(...c.error.split('\n').map((l) => `      ${l}`));
      for (const a of c.assertions.filter((x) => !x.pass)) lines.push(`      ${a.kind}: ${a.message}`);
    }
  }
  for (const f of result.findings) lines.push(`${f.severity}: ${f.file}${f.line ? `:${f.line}` : ''} ${f.message} (${f.ruleId})`);
  const t = result.totals;
  lines.push('', `${t.passed}/${t.cases} cases passed (${pct(t.passRate)}), ${t.tokens} tokens, ${usd(t.costUsd)}, mode ${result.mode}.`);
  for (const s of result.suites.filter((x) => !x.pass)) lines.push(`Suite ${s.name} failed: pass rate ${pct(s.passRate)} below its threshold ${pct(s.threshold)}.`);
  if (result.budget?.refusedCalls) lines.push(`${result.budget.refusedCalls} model calls were refused by the budget cap.`);
  return lines.join('\n') + '\n';
}

export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
