import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { discover } from '@agentship/core/discover';
import { levelFindings } from '@agentship/core/registry';
import { alertsFromReport, dispatchAlerts, SEVERITY_ORDER, type Alert, type AlertSeverity, type DispatchResult } from '@agentship/core/alerts';
import { costConfig, readEnvironmentCosts } from '@agentship/core/cost';
import { loadPriceOverrides } from '@agentship/core/pricing';
import { budgetsOf, buildUsageReport, monitoringConfig, parseTime, renderUsageHtml, renderUsageMarkdown, type UsageReport } from '@agentship/core/usage';
import type { Platform } from '../types.js';

export const REPORT_FAIL_ON = ['never', 'info', 'warning', 'error', 'critical'] as const;

export interface ReportStageInputs {
  /** The repository checkout (GITHUB_WORKSPACE, CI_PROJECT_DIR or the current folder). */
  workspace: string;
  /** The folder with agentship.yaml and environments/, relative to the workspace. */
  path: string;
  config?: string;
  /** Usage files or folders, relative to the workspace (default: `monitoring.usage` in agentship.yaml). */
  usage?: string[];
  environments?: string[];
  /** RFC 3339; default now. */
  asOf?: string;
  prices?: string;
  jsonFile?: string;
  markdownFile?: string;
  htmlFile?: string;
  /** Send new alerts to the configured destinations. */
  sendAlerts: boolean;
  /** Alert state file, relative to the workspace (default: monitoring.alerts.state-file). */
  stateFile?: string;
  /** Fail when an alert of this severity or above exists (default never). */
  failOn?: string;
  env?: NodeJS.ProcessEnv;
  backoffMs?: number;
  progress?: (line: string) => void;
}

export interface ReportStageResult {
  report: UsageReport;
  markdown: string;
  alerts: Alert[];
  dispatch?: DispatchResult;
  failure?: string;
}

/**
 * Monitoring as a CI step (a scheduled workflow, or `agentship report`): read the usage records,
 * build the report, write the job summary and the files asked for, send new alerts, set outputs.
 */
export async function runReportStage(platform: Platform, inputs: ReportStageInputs): Promise<ReportStageResult> {
  const env = inputs.env ?? process.env;
  const failOn = (inputs.failOn || 'never') as (typeof REPORT_FAIL_ON)[number];
  if (!REPORT_FAIL_ON.includes(failOn)) throw new ConfigError(`fail-on must be one of ${REPORT_FAIL_ON.join(', ')} (got "${inputs.failOn}").`);
  let asOf: number | undefined;
  if (inputs.asOf) {
    asOf = parseTime(inputs.asOf) ?? parseTime(`${inputs.asOf}T23:59:59.999Z`);
    if (asOf === undefined) throw new ConfigError(`as-of must be an RFC 3339 date-time or a date such as 2025-06-30 (got "${inputs.asOf}").`);
  }
  const root = resolve(inputs.workspace, inputs.path);
  const ws = discover(root, { configPath: inputs.config });
  // A mistake in agentship.yaml (say, a misspelt monitoring key) is shown, not silently ignored.
  for (const p of levelFindings(ws.problems.filter((f) => f.file === ws.configPath), ws.config)) platform.warning(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  const monitoring = monitoringConfig(ws.config);
  const usage = inputs.usage?.length ? inputs.usage.map((u) => resolve(inputs.workspace, u)) : monitoring.usage.map((u) => resolve(root, u));
  if (!usage.length) throw new ConfigError('No usage records to read: give --usage <file or folder> (action input `usage`) or `monitoring.usage` in agentship.yaml.');

  const pricesFile = inputs.prices ? resolve(inputs.workspace, inputs.prices) : costConfig(ws.config).prices ? resolve(root, costConfig(ws.config).prices!) : undefined;
  const prices = pricesFile ? loadPriceOverrides(pricesFile, inputs.prices ?? costConfig(ws.config).prices!) : undefined;
  for (const p of prices?.problems ?? []) platform.warning(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  const { environments, problems } = readEnvironmentCosts(ws);
  for (const p of levelFindings(problems, ws.config)) platform.warning(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);

  let report: UsageReport;
  try {
    report = await buildUsageReport({
      paths: usage,
      displayRoot: inputs.workspace,
      environments: inputs.environments,
      defaultEnvironment: monitoring.defaultEnvironment,
      asOf,
      budgets: budgetsOf(environments),
      priceOverrides: prices?.overrides,
      anomaly: monitoring.anomaly,
      progress: inputs.progress,
    });
  } catch (error) {
    // A missing file or folder is a configuration mistake, not a crash.
    if ((error as Error).message.startsWith('No such usage file')) throw new ConfigError((error as Error).message);
    throw error;
  }
  const markdown = renderUsageMarkdown(report);
  await platform.writeSummary(markdown);
  const write = (file: string | undefined, text: string, output: string) => {
    if (!file) return;
    const path = resolve(inputs.workspace, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    platform.setOutput(output, file);
  };
  write(inputs.jsonFile, JSON.stringify(report, null, 2) + '\n', 'report-file');
  write(inputs.markdownFile, markdown, 'markdown-file');
  write(inputs.htmlFile, renderUsageHtml(report), 'html-file');

  const alerts = alertsFromReport(report);
  const result: ReportStageResult = { report, markdown, alerts };
  if (inputs.sendAlerts) {
    const statePath = resolve(inputs.workspace, inputs.stateFile || resolve(root, monitoring.alerts.stateFile));
    result.dispatch = await dispatchAlerts(alerts, { config: monitoring.alerts, statePath, env, source: sourceName(env, root), backoffMs: inputs.backoffMs });
    const d = result.dispatch;
    if (d.noDestination) platform.warning(`agentship report: ${alerts.length} alerts but no destination: set ${monitoring.alerts.slackUrlEnv}, ${monitoring.alerts.pagerdutyRoutingKeyEnv} or ${monitoring.alerts.webhookUrlEnv}.`);
    else platform.info(`agentship report: sent ${d.sent.length} new alerts to ${d.channels.join(', ') || 'no channel'}; ${d.alreadySent.length} sent before, ${d.covered.length} covered by a higher budget level, ${d.belowSeverity.length} below ${monitoring.alerts.minSeverity}.`);
    for (const failure of d.failures) platform.warning(`agentship report: alert not delivered: ${failure}`);
    platform.setOutput('alerts-sent', d.sent.length);
  }

  const t = report.totals;
  platform.setOutput('cost-usd', t.costUsd.toFixed(2));
  platform.setOutput('records', t.records);
  platform.setOutput('anomalies', report.anomalies.length);
  platform.setOutput('stalls', report.stalls.length);
  platform.setOutput('alerts', alerts.length);
  const worst = Math.max(0, ...report.budgets.map((b) => b.percentUsed ?? 0));
  platform.setOutput('budget-percent', worst.toFixed(1));
  platform.info(`agentship report: $${t.costUsd.toFixed(2)} over ${t.records} records; ${report.anomalies.length} anomalies, ${report.stalls.length} stalls, ${report.repeatedFailures.length} runs of failures, ${report.policyViolations.length} policy violations.`);
  if (report.data.skipped) platform.warning(`agentship report: ${report.data.skipped} lines were not usage records (first: ${report.problems[0]?.file}:${report.problems[0]?.line}: ${report.problems[0]?.message}).`);
  if (failOn !== 'never') {
    const over = alerts.filter((a) => SEVERITY_ORDER[a.severity] >= SEVERITY_ORDER[failOn as AlertSeverity]);
    if (over.length) result.failure = `agentship report: ${over.length} alert${over.length === 1 ? '' : 's'} at ${failOn} or above (fail-on: ${failOn}); first: ${over[0].title}.`;
  }
  return result;
}

/** What alerts say they come from: the repository and run on CI, else the folder's name. */
function sourceName(env: NodeJS.ProcessEnv, root: string): string {
  if (env.GITHUB_REPOSITORY) return `${env.GITHUB_REPOSITORY}${env.GITHUB_RUN_ID ? ` run ${env.GITHUB_RUN_ID}` : ''}`;
  if (env.CI_PROJECT_PATH) return `${env.CI_PROJECT_PATH}${env.CI_PIPELINE_ID ? ` pipeline ${env.CI_PIPELINE_ID}` : ''}`;
  return basename(root);
}
