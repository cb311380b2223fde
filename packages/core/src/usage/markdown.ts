import type { UsageTotals } from './aggregate.js';
import type { BreakdownRow, PeriodRow, UsageReport } from './report.js';

export function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Completed against failed: tasks when the data has task records, else calls. */
export function outcomes(t: UsageTotals): { unit: 'tasks' | 'calls'; done: number; failed: number } {
  return t.tasks > 0 ? { unit: 'tasks', done: t.tasks - t.tasksFailed, failed: t.tasksFailed } : { unit: 'calls', done: t.calls - (t.failed - t.tasksFailed), failed: t.failed - t.tasksFailed };
}

/** A one-line verdict: what needs a person's attention. */
export function usageHeadline(report: UsageReport): string {
  const issues: string[] = [];
  const over = report.budgets.filter((b) => b.crossed.length);
  if (over.length) issues.push(over.map((b) => `${b.environment} at ${b.percentUsed}% of budget`).join(', '));
  if (report.anomalies.length) issues.push(`${report.anomalies.length} anomal${report.anomalies.length === 1 ? 'y' : 'ies'}`);
  if (report.stalls.length) issues.push(`${report.stalls.length} stalled agent${report.stalls.length === 1 ? '' : 's'}`);
  if (report.repeatedFailures.length) issues.push(`${report.repeatedFailures.length} run${report.repeatedFailures.length === 1 ? '' : 's'} of repeated failures`);
  if (report.policyViolations.length) issues.push(`${report.policyViolations.length} policy violation${report.policyViolations.length === 1 ? '' : 's'}`);
  const spend = `${usd(report.totals.costUsd)} over ${count(report.data.records)} records`;
  return issues.length ? `${spend}; needs attention: ${issues.join(', ')}.` : `${spend}; no budget level crossed, no anomaly.`;
}

/** For a job summary or an issue: the verdict first, then budgets, findings and breakdowns. */
export function renderUsageMarkdown(report: UsageReport, options: { maxDailyRows?: number } = {}): string {
  const lines: string[] = ['## agentship usage report', '', `**${usageHeadline(report)}**`, ''];
  const d = report.data;
  lines.push(`As of ${report.asOf}; records from ${d.first ?? '-'} to ${d.last ?? '-'} in ${d.files.length} file${d.files.length === 1 ? '' : 's'}.` + (d.pricedHere ? ` ${count(d.pricedHere)} records had no cost and were priced with @pydantic/genai-prices.` : '') + (d.unpriced ? ` **${count(d.unpriced)} records have no cost and no known price; they are not in the totals.**` : '') + (d.skipped ? ` ${count(d.skipped)} lines were skipped (see problems).` : ''), '');

  if (report.budgets.length) {
    lines.push('### Budget against actual', '', '| environment | month | budget | month to date | used | forecast to month end | levels crossed | forecast crosses |', '|---|---|--:|--:|--:|--:|---|---|');
    for (const b of report.budgets) {
      lines.push(`| ${b.environment} | ${b.month} | ${b.budgetUsd ? usd(b.budgetUsd) : 'not set'} | ${usd(b.monthToDateUsd)} | ${b.percentUsed === undefined ? '-' : `${b.percentUsed}%`} | ${usd(b.forecastUsd)}${b.forecastPercent === undefined ? '' : ` (${b.forecastPercent}%)`} | ${b.crossed.map((l) => `${l}%`).join(', ') || '-'} | ${b.forecastCrosses.map((l) => `${l}%`).join(', ') || '-'} |`);
    }
    lines.push('', `Forecast: month to date plus the mean of the last 7 complete days for each day left.`, '');
  }

  const s = report.settings;
  lines.push('### Anomalies', '');
  if (report.anomalies.length === 0) lines.push('None.');
  else for (const a of report.anomalies) lines.push(`- **${a.metric}** ${a.message}`);
  lines.push('', `<sub>A day is an anomaly when its modified z-score against the median and MAD of the trailing ${s.windowDays} days is beyond ${s.threshold} (at least ${s.minBaselineDays} days of baseline).</sub>`, '');
  if (report.stalls.length) {
    lines.push('### Stalled agents', '');
    for (const st of report.stalls) lines.push(`- **${st.environment}/${st.agent}**: no record since ${st.lastSeen} (${st.silentHours} h; stalled after ${st.thresholdHours} h, its median gap is ${st.medianGapMinutes} min)`);
    lines.push('');
  }
  if (report.repeatedFailures.length) {
    lines.push('### Repeated failures', '');
    for (const r of report.repeatedFailures) lines.push(`- **${r.environment}/${r.agent}**: ${r.count} failures in a row from ${r.from} to ${r.to}${r.ongoing ? ' (still failing)' : ''}${r.topError ? `; most frequent error: \`${oneLine(r.topError)}\`` : ''}`);
    lines.push('');
  }
  if (report.policyViolations.length) {
    lines.push('### Policy violations', '', '| day | environment | agent | policy | count |', '|---|---|---|---|--:|');
    for (const v of report.policyViolations) lines.push(`| ${v.day} | ${v.environment} | ${v.agent} | ${cell(v.policy)} | ${v.count} |`);
    lines.push('');
  }

  for (const [title, rows] of [['agent', report.by.agent], ['workflow', report.by.workflow], ['phase', report.by.phase], ['model', report.by.model], ['environment', report.by.environment]] as const) {
    lines.push(`### By ${title}`, '', ...breakdownTable(title, rows), '');
  }
  lines.push('### By month', '', ...periodTable('month', report.monthly), '');
  lines.push('### By week', '', ...periodTable('week', report.weekly), '');
  const max = options.maxDailyRows ?? 31;
  lines.push('### By day', '', ...periodTable('day', report.daily.slice(-max)), '');
  if (report.daily.length > max) lines.push(`<sub>The last ${max} days of ${report.daily.length}; the JSON report has them all.</sub>`, '');
  if (report.problems.length) {
    lines.push('### Problems', '');
    for (const p of report.problems.slice(0, 20)) lines.push(`- ${p.file}:${p.line}: ${p.message}`);
    if (d.skipped > 20) lines.push(`- … ${count(d.skipped - 20)} more`);
    lines.push('');
  }
  return lines.join('\n');
}

function breakdownTable(title: string, rows: BreakdownRow[]): string[] {
  const out = [`| ${title} | records | completed | failed | error rate | input tokens | output tokens | cost |`, '|---|--:|--:|--:|--:|--:|--:|--:|'];
  for (const r of [...rows].sort((a, b) => b.costUsd - a.costUsd)) {
    const o = outcomes(r);
    out.push(`| ${cell(r.key)} | ${count(r.records)} | ${count(o.done)} ${o.unit} | ${count(o.failed)} | ${percent(r.errorRate)} | ${count(r.inputTokens)} | ${count(r.outputTokens)} | ${usd(r.costUsd)} |`);
  }
  return out;
}

function periodTable(title: string, rows: PeriodRow[]): string[] {
  const out = [`| ${title} | records | completed | failed | tokens | cost |`, '|---|--:|--:|--:|--:|--:|'];
  for (const r of rows) {
    const o = outcomes(r);
    out.push(`| ${r.period} | ${count(r.records)} | ${count(o.done)} ${o.unit} | ${count(o.failed)} | ${count(r.inputTokens + r.outputTokens)} | ${usd(r.costUsd)} |`);
  }
  return out;
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
