import { localPlatform } from '@agentship/platform/local';
import { REPORT_FAIL_ON, runReportStage } from '@agentship/platform/stages';
import { count, renderUsageHtml, usageHeadline, usd, type UsageReport } from '@agentship/core/usage';
import { emit, formatOptions, gateExit, oneOf, UsageError, type Command } from '../io.js';

const REPORT_FORMATS = ['text', 'markdown', 'json', 'html'] as const;

export const reportCommand: Command = {
  name: 'report',
  summary: 'Monitoring: usage, cost, budget against actual, anomalies, stalls and failures of deployed agents; alerts.',
  usage: `Usage: agentship report [dir] --usage <file|folder> [options]

Reads the usage records deployed agents emit (JSONL, schemas/usage-record.schema.json, or
OpenTelemetry GenAI spans as OTLP/JSON) and reports them per day, week and month, per agent,
workflow, phase and model; budget against actual with the alert levels of
environments/<env>/budget-limits.yaml and a forecast to month end; anomalies (a day's cost, error
rate or quality score against the median and MAD of the trailing days), stalled agents, repeated
failures and policy violations. dir holds agentship.yaml and environments/ (default: .).

Options:
  -u, --usage <path>        a usage file or a folder of them (repeatable; .jsonl, .ndjson, .log, .json,
                            optionally .gz; default: monitoring.usage in agentship.yaml)
  -f, --format <fmt>        text, markdown, json or html (default: text)
  -o, --output <file>       write the report to a file instead of stdout
      --json <file>         also write the JSON report here
      --html <file>         also write the HTML dashboard here (one file, works offline)
      --markdown <file>     also write the markdown report here
  -c, --config <file>       agentship.yaml to use (default: <dir>/agentship.yaml if present)
      --env <name>          only this environment (repeatable)
      --as-of <time>        the report's moment, RFC 3339 or a date (default: now); later records are left out
      --prices <file>       price override file for records without a cost (default: cost.prices)
      --send-alerts         send new alerts (budget levels, anomalies, stalls, repeated failures, policy
                            violations) to Slack, PagerDuty or a webhook; destinations come from the
                            variables AGENTSHIP_SLACK_WEBHOOK_URL, AGENTSHIP_PAGERDUTY_ROUTING_KEY,
                            AGENTSHIP_ALERT_WEBHOOK_URL (names can be changed under monitoring.alerts)
      --state-file <file>   what was sent already (default: monitoring.alerts.state-file or
                            .agentship/alert-state.json); each alert is sent once
      --fail-on <severity>  exit 1 when an alert of ${REPORT_FAIL_ON.filter((s) => s !== 'never').join(', ')} or above exists (default: never)
      --summary-file <f>    also append the markdown report to this file
  -h, --help                show this help

Exit codes: 0 reported, 1 an alert at --fail-on or above, 2 usage or configuration error.
`,
  options: {
    ...formatOptions,
    usage: { type: 'string', short: 'u', multiple: true },
    json: { type: 'string' },
    html: { type: 'string' },
    markdown: { type: 'string' },
    config: { type: 'string', short: 'c' },
    env: { type: 'string', multiple: true },
    'as-of': { type: 'string' },
    prices: { type: 'string' },
    'send-alerts': { type: 'boolean' },
    'state-file': { type: 'string' },
    'fail-on': { type: 'string' },
    'summary-file': { type: 'string' },
  },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, REPORT_FORMATS, '--format') ?? 'text';
    oneOf(values['fail-on'], REPORT_FAIL_ON, '--fail-on');
    if (positionals.length > 1) throw new UsageError(`report takes one folder (got ${positionals.length}).`);
    const platform = localPlatform({ summaryFile: values['summary-file'] as string | undefined, log: (line) => io.stderr(line + '\n') });
    const result = await runReportStage(platform, {
      workspace: io.cwd,
      path: positionals[0] ?? '.',
      config: values.config as string | undefined,
      usage: values.usage as string[] | undefined,
      environments: values.env as string[] | undefined,
      asOf: values['as-of'] as string | undefined,
      prices: values.prices as string | undefined,
      jsonFile: values.json as string | undefined,
      htmlFile: values.html as string | undefined,
      markdownFile: values.markdown as string | undefined,
      sendAlerts: Boolean(values['send-alerts']),
      stateFile: values['state-file'] as string | undefined,
      failOn: values['fail-on'] as string | undefined,
      env: io.env,
      progress: (line) => io.stderr(`agentship report: ${line}\n`),
    });
    const r = result.report;
    const text = format === 'json' ? JSON.stringify(r, null, 2) + '\n' : format === 'markdown' ? result.markdown : format === 'html' ? renderUsageHtml(r) : formatText(r);
    emit(io, text, values.output as string | undefined);
    return gateExit(io, result.failure);
  },
};

function formatText(r: UsageReport): string {
  const lines = [usageHeadline(r), ''];
  for (const b of r.budgets) {
    lines.push(`${b.environment} ${b.month}: ${usd(b.monthToDateUsd)} so far${b.budgetUsd ? ` of ${usd(b.budgetUsd)} (${b.percentUsed}%)` : ''}, forecast ${usd(b.forecastUsd)}${b.forecastPercent === undefined ? '' : ` (${b.forecastPercent}%)`}${b.crossed.length ? `; levels crossed: ${b.crossed.join(', ')}%` : ''}`);
  }
  for (const a of r.by.agent) lines.push(`  ${a.key.padEnd(24)} ${count(a.records).padStart(10)} records  ${(a.errorRate * 100).toFixed(1).padStart(5)}% failed  ${usd(a.costUsd).padStart(12)}`);
  for (const a of r.anomalies) lines.push(`anomaly (${a.metric}): ${a.message}`);
  for (const s of r.stalls) lines.push(`stall: ${s.environment}/${s.agent} silent since ${s.lastSeen} (${s.silentHours} h)`);
  for (const f of r.repeatedFailures) lines.push(`repeated failures: ${f.environment}/${f.agent} failed ${f.count} times in a row from ${f.from}`);
  for (const v of r.policyViolations) lines.push(`policy violation: ${v.environment}/${v.agent}: ${v.policy} (${v.count} on ${v.day})`);
  for (const p of r.problems.slice(0, 10)) lines.push(`skipped ${p.file}:${p.line}: ${p.message}`);
  return lines.join('\n') + '\n';
}
