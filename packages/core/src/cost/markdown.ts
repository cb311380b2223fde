import type { Finding } from '../findings/index.js';
import { escapeMarkdownCell } from '../report/markdown.js';
import { formatPercent, formatSignedUsd, formatUsd, type CostDiff, type EnvironmentDiff } from './diff.js';

/** Whether a blocking change has been approved, and how to approve one. */
export interface ApprovalState {
  approved: boolean;
  /** `label cost-approved`, `review by @octocat (acme/platform)`. */
  by?: string;
  label?: string;
  team?: string;
}

export interface CostMarkdownOptions {
  approval?: ApprovalState;
  problems?: Finding[];
  /** The body is cut to fit: details first, then the chart. GitHub takes 65,536 characters. */
  maxLength?: number;
  /** Overrides the footer, such as the comment's "updated when the estimate changes". */
  footer?: string;
}

/**
 * The report a reviewer reads on the pull request: a headline, previous/new/diff per environment,
 * budget levels, the gate, anomalies, details folded, and a chart of cost per agent.
 */
export function renderCostMarkdown(diff: CostDiff, options: CostMarkdownOptions = {}): string {
  const top = [`#### 💰 agentship cost estimate`, '', `**${headline(diff)}**`, '', ...summaryTable(diff), '', ...levels(diff), ...gate(diff, options.approval), ...anomalies(diff)];
  const details = detailsSection(diff, options.problems ?? []);
  const chart = chartSection(diff);
  const footer = ['', `<sub>${options.footer ?? 'Prices from @pydantic/genai-prices (offline) and the price override file; token counts for models without a public tokenizer are o200k counts times a per-family ratio, shown as ranges.'}</sub>`, ''];
  const full = [...top, ...details, ...chart, ...footer].join('\n');
  if (!options.maxLength || full.length <= options.maxLength) return full;
  const note = ['', '_Details were left out to fit the comment size limit; the job summary has the full report._'];
  const withoutDetails = [...top, ...chart, ...note, ...footer].join('\n');
  if (withoutDetails.length <= options.maxLength) return withoutDetails;
  return [...top, ...note, ...footer].join('\n').slice(0, options.maxLength);
}

/** "Monthly estimate for production rises by $120 (+15%)": the environment that moved most. */
export function headline(diff: CostDiff): string {
  if (diff.environments.length === 0) return 'No environment has a workload: add workload to environments/<env>/budget-limits.yaml';
  if (!diff.hasBase) {
    const main = diff.environments[0];
    return `Monthly estimate for ${main.name}: ${formatUsd(main.headUsd)}` + (diff.environments.length > 1 ? `; all environments: ${formatUsd(diff.headUsd)}` : '');
  }
  const moved = [...diff.environments].sort((a, b) => Math.abs(b.diffUsd) - Math.abs(a.diffUsd))[0];
  if (moved.diffUsd === 0) return `Monthly estimate unchanged: ${formatUsd(diff.headUsd)}`;
  const verb = moved.diffUsd > 0 ? 'rises' : 'falls';
  const percent = moved.diffPercent === undefined ? (moved.baseUsd === undefined ? 'new environment' : `from ${formatUsd(0)}`) : formatPercent(moved.diffPercent);
  return `Monthly estimate for ${moved.name} ${verb} by ${formatUsd(Math.abs(moved.diffUsd))} (${percent}) ${moved.diffUsd > 0 ? '📈' : '📉'}`;
}

function change(diffUsd: number, diffPercent: number | undefined): string {
  return diffPercent === undefined ? formatSignedUsd(diffUsd) : `${formatSignedUsd(diffUsd)} (${formatPercent(diffPercent)})`;
}

function summaryTable(diff: CostDiff): string[] {
  const rows = ['| Environment | Previous | New | Diff | Budget |', '|---|--:|--:|--:|---|'];
  const budget = (e: EnvironmentDiff) => (e.budgetUsd ? `${Math.round(e.percentOfBudget ?? 0)}% of ${formatUsd(e.budgetUsd)}${e.blocking ? ' ❌' : e.crossed.length ? ' ⚠️' : ''}` : 'no budget');
  for (const e of diff.environments) {
    const range = e.head && e.head.lowUsd !== e.head.highUsd ? ` <sub>(${formatUsd(e.head.lowUsd)}–${formatUsd(e.head.highUsd)})</sub>` : '';
    rows.push(`| ${escapeMarkdownCell(e.name)} | ${e.baseUsd === undefined ? '–' : formatUsd(e.baseUsd)} | ${formatUsd(e.headUsd)}${range} | ${diff.hasBase ? change(e.diffUsd, e.diffPercent) : '–'} | ${budget(e)} |`);
  }
  if (diff.environments.length > 1) {
    rows.push(`| **All environments** | ${diff.hasBase ? formatUsd(diff.baseUsd) : '–'} | ${formatUsd(diff.headUsd)} | ${diff.hasBase ? change(diff.diffUsd, diff.diffPercent) : '–'} | |`);
  }
  return rows;
}

function levels(diff: CostDiff): string[] {
  const lines: string[] = [];
  for (const e of diff.environments) {
    for (const c of e.crossed) {
      const icon = c.level >= diff.failAt ? '🔴' : '🟡';
      lines.push(`- ${icon} **${escapeMarkdownCell(e.name)}** reaches ${c.level}% of its ${formatUsd(e.budgetUsd!)} budget (${formatUsd(c.thresholdUsd)})${c.newInHead ? ': new in this change' : ': already reached on the base'}`);
    }
  }
  return lines.length ? ['Budget levels crossed:', '', ...lines, ''] : [];
}

function gate(diff: CostDiff, approval: ApprovalState | undefined): string[] {
  if (!diff.blocking) return [];
  const names = diff.environments.filter((e) => e.blocking).map((e) => e.name).join(', ');
  if (approval?.approved) return [`✅ **Cost gate approved** (${approval.by}): ${names} crosses ${diff.failAt}% of its budget.`, ''];
  const ways = [approval?.label ? `add the label \`${approval.label}\`` : '', approval?.team ? `get an approving review from a member of \`${approval.team}\`` : ''].filter(Boolean);
  return [`❌ **Cost gate failed**: ${names} crosses ${diff.failAt}% of its budget, and the base did not.` + (ways.length ? ` To merge anyway, ${ways.join(' or ')}.` : ''), ''];
}

function anomalies(diff: CostDiff): string[] {
  if (!diff.anomalies.length) return [];
  return ['Anomalies against the base:', '', ...diff.anomalies.map((a) => `- ⚠️ ${escapeMarkdownCell(a.environment)} / ${escapeMarkdownCell(a.agent)}: ${escapeMarkdownCell(a.message)}`), ''];
}

function detailsSection(diff: CostDiff, problems: Finding[]): string[] {
  const lines = ['<details><summary>Details per agent, model and phase</summary>', ''];
  for (const e of diff.environments) {
    lines.push(`##### ${escapeMarkdownCell(e.name)}`, '', '| Agent | Model | Tasks/day | Previous | New | Diff | Context | Task input | Output | Usage from |', '|---|---|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const a of e.agents) {
      const h = a.head;
      const model = a.baseModel && a.headModel && a.baseModel !== a.headModel ? `${a.baseModel} → ${a.headModel}` : a.headModel ?? a.baseModel ?? 'none';
      const usd = (n: number | undefined) => (n === undefined ? '–' : formatUsd(n));
      const source = !h ? 'removed' : h.unpriced ? `no price (${escapeMarkdownCell(h.priceSource)})` : h.usageSource === 'dry-run' ? 'dry-run results' : h.estimate ? `estimate, ${formatUsd(h.lowUsd)}–${formatUsd(h.highUsd)}` : 'configuration';
      lines.push(`| ${escapeMarkdownCell(a.agent)} | ${escapeMarkdownCell(model)} | ${h ? h.tasksPerDay.toLocaleString('en-US') : '–'} | ${usd(a.baseUsd)} | ${usd(a.headUsd)} | ${diff.hasBase ? change(a.diffUsd, a.diffPercent) : '–'} | ${usd(h?.phases.context)} | ${usd(h?.phases.input)} | ${usd(h?.phases.output)} | ${source} |`);
    }
    lines.push('');
  }
  if (problems.length) {
    lines.push('Problems found while projecting:', '');
    for (const p of problems) lines.push(`- ${p.severity} \`${p.ruleId}\` \`${escapeMarkdownCell(p.file)}${p.line ? `:${p.line}` : ''}\`: ${escapeMarkdownCell(p.message)}`);
    lines.push('');
  }
  lines.push('</details>', '');
  return lines;
}

/** A bar per agent (new) and a line (previous) for the environment whose cost moved most. */
function chartSection(diff: CostDiff): string[] {
  const env = [...diff.environments].filter((e) => e.agents.length).sort((a, b) => Math.abs(b.diffUsd) - Math.abs(a.diffUsd) || b.headUsd - a.headUsd)[0];
  if (!env) return [];
  const label = (s: string) => JSON.stringify(s.replace(/"/g, "'"));
  const values = (pick: (n: (typeof env.agents)[number]) => number | undefined) => `[${env.agents.map((a) => Math.round((pick(a) ?? 0) * 100) / 100).join(', ')}]`;
  const lines = ['```mermaid', 'xychart-beta', `  title ${label(`${env.name}: monthly cost per agent (USD)${diff.hasBase ? ', bars new, line previous' : ''}`)}`, `  x-axis [${env.agents.map((a) => label(a.agent)).join(', ')}]`, '  y-axis "USD per month"', `  bar ${values((a) => a.headUsd)}`];
  if (diff.hasBase) lines.push(`  line ${values((a) => a.baseUsd)}`);
  lines.push('```');
  return lines;
}
