import { escapeMarkdownCell as cell } from '../report/markdown.js';
import type { TokenEstimate } from '../tokens/index.js';
import type { BudgetUse, ContextTokens, FileTokens, TokenReport } from './report.js';

/** The report section validate prints after its findings, in text and in markdown. */
export interface ReportSection {
  title: string;
  markdown: string;
  text: string;
}

/** Files beyond this many (largest first) are only in `--format json`. */
export const MAX_FILES_SHOWN = 20;

const number = (n: number) => n.toLocaleString('en-US');
const count = (n: number, noun: string) => `${number(n)} ${noun}${n === 1 ? '' : 's'}`;

function estimatesCell(estimates: TokenEstimate[]): string {
  return estimates
    .map((e) => (e.exact ? `${e.model} ${number(e.tokens)}` : `${e.model} ~${number(e.tokens)} (${number(e.low)}-${number(e.high)})`))
    .join(', ');
}

function budgetCell(budget: BudgetUse | undefined): string {
  if (!budget) return '';
  const where = budget.environment ?? budget.source;
  const estimated = budget.model ? ` (~, ${budget.model})` : '';
  return `${budget.percent}% of ${number(budget.limit)} [${where}]${estimated}`;
}

function loadsCell(c: ContextTokens): string {
  const parts = [count(c.files.length, 'file'), count(c.skills.length, 'skill')];
  if (c.truncated.length || c.dropped.length) parts.push(`${c.truncated.length + c.dropped.length} cut at the Codex limit`);
  return parts.join(', ');
}

function largestFiles(files: FileTokens[]): FileTokens[] {
  return [...files].sort((a, b) => b.tokens - a.tokens || a.file.localeCompare(b.file)).slice(0, MAX_FILES_SHOWN);
}

function intro(report: TokenReport): string {
  const budgets = report.budgets.length
    ? `Budgets from ${report.budgets.map((b) => b.source).join(', ')}.`
    : 'No token budget is set (agentship.yaml `budgets:` or environments/<env>/budget-limits.yaml `tokens:`); counts only.';
  return `o200k_base counts are exact; ~ marks an estimate (o200k x a per-family ratio, low-high range) for models without a public tokenizer. ${budgets}`;
}

/** Renders the token report for validate's text and markdown output; none when nothing was counted. */
export function tokenSections(report: TokenReport): ReportSection[] {
  if (report.contexts.length === 0 && report.files.length === 0) return [];
  const shown = largestFiles(report.files);
  const more = report.files.length - shown.length;
  const moreLine = more > 0 ? `... and ${more} smaller files (all of them in --format json).` : '';

  const md: string[] = [intro(report), ''];
  if (report.contexts.length) {
    md.push('| Agent | Client | Loads | o200k tokens | Estimates | Budget |', '|---|---|---|---:|---|---|');
    for (const c of report.contexts) {
      md.push(`| ${cell(c.agent)} (\`${cell(c.path || '.')}\`) | ${c.client} | ${loadsCell(c)} | ${number(c.tokens)} | ${estimatesCell(c.estimates)} | ${budgetCell(c.budget)} |`);
    }
    md.push('');
  }
  if (shown.length) {
    md.push('| File | Kind | Lines | o200k tokens | Estimates | Budget |', '|---|---|---:|---:|---|---|');
    for (const f of shown) md.push(`| \`${cell(f.file)}\` | ${f.kind} | ${number(f.lines)} | ${number(f.tokens)} | ${estimatesCell(f.estimates)} | ${budgetCell(f.budget)} |`);
    if (moreLine) md.push('', moreLine);
  }

  const text: string[] = [`  ${intro(report)}`];
  if (report.contexts.length) {
    text.push('  Agent contexts (instruction chain + skill index):');
    const rows = report.contexts.map((c) => [`${c.agent} (${c.path || '.'})`, c.client, loadsCell(c), count(c.tokens, 'token'), estimatesCell(c.estimates), budgetCell(c.budget)]);
    text.push(...columns(rows).map((line) => `    ${line}`));
  }
  if (shown.length) {
    text.push('  Files (largest first):');
    const rows = shown.map((f) => [f.file, f.kind, count(f.tokens, 'token'), estimatesCell(f.estimates), budgetCell(f.budget)]);
    text.push(...columns(rows).map((line) => `    ${line}`));
    if (moreLine) text.push(`    ${moreLine}`);
  }
  return [{ title: 'Token report', markdown: md.join('\n'), text: text.join('\n') }];
}

/** Pads each column to its widest cell; trailing empty cells are dropped. */
function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}
