import { redactSecrets } from '../secrets/index.js';
import type { UsageReport } from '../usage/report.js';

/** PagerDuty's four severities; Slack and the webhook get the same word. */
export type AlertSeverity = 'critical' | 'error' | 'warning' | 'info';
export const SEVERITY_ORDER: Record<AlertSeverity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

export type AlertKind = 'budget' | 'anomaly' | 'stall' | 'repeated-failures' | 'policy';

export interface Alert {
  /**
   * What makes an alert the same alert on the next run: one key per crossing (an environment's
   * level in a month, an anomaly's day, a stall's last record, a failure run's first failure).
   */
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  text: string;
  environment: string;
  agent?: string;
  /** For budget alerts: alerts of the same group and a lower level are covered by this one. */
  group?: string;
  level?: number;
}

/** Every alert a report calls for, sent or not; `dispatchAlerts` sends each key once. */
export function alertsFromReport(report: UsageReport): Alert[] {
  const alerts: Alert[] = [];
  for (const b of report.budgets) {
    for (const level of b.crossed) {
      alerts.push({
        key: `budget:${b.environment}:${b.month}:${level}`,
        kind: 'budget',
        severity: level >= 100 ? 'critical' : 'warning',
        title: `${b.environment}: ${level}% of the ${b.month} budget reached`,
        text: `${b.environment} has spent $${b.monthToDateUsd.toFixed(2)} of its $${b.budgetUsd!.toFixed(2)} budget for ${b.month} (${b.percentUsed}%, level ${level}%); the forecast to month end is $${b.forecastUsd.toFixed(2)} (${b.forecastPercent}%).`,
        environment: b.environment,
        group: `budget:${b.environment}:${b.month}`,
        level,
      });
    }
  }
  for (const a of report.anomalies) {
    alerts.push({
      key: `anomaly:${a.metric}:${a.environment}:${a.agent ?? '*'}:${a.day}`,
      kind: 'anomaly',
      severity: a.metric === 'error-rate' ? 'error' : a.direction === 'down' && a.metric === 'cost' ? 'info' : 'warning',
      title: `${a.metric} anomaly: ${a.agent ? `${a.environment}/${a.agent}` : a.environment} on ${a.day}`,
      text: a.message,
      environment: a.environment,
      agent: a.agent,
    });
  }
  for (const s of report.stalls) {
    alerts.push({
      key: `stall:${s.environment}:${s.agent}:${s.lastSeen}`,
      kind: 'stall',
      severity: 'critical',
      title: `${s.environment}/${s.agent} stopped reporting`,
      text: `${s.environment}/${s.agent} has sent no usage record since ${s.lastSeen} (${s.silentHours} hours; its median gap is ${s.medianGapMinutes} minutes).`,
      environment: s.environment,
      agent: s.agent,
    });
  }
  for (const r of report.repeatedFailures) {
    alerts.push({
      key: `repeated-failures:${r.environment}:${r.agent}:${r.from}`,
      kind: 'repeated-failures',
      severity: r.ongoing ? 'critical' : 'error',
      title: `${r.environment}/${r.agent}: ${r.count} failures in a row`,
      text: `${r.environment}/${r.agent} failed ${r.count} times in a row from ${r.from} to ${r.to}${r.ongoing ? ' and has not succeeded since' : ''}.${r.topError ? ` Most frequent error: ${r.topError}` : ''}`,
      environment: r.environment,
      agent: r.agent,
    });
  }
  for (const v of report.policyViolations) {
    alerts.push({
      key: `policy:${v.environment}:${v.agent}:${v.policy}:${v.day}`,
      kind: 'policy',
      severity: 'critical',
      title: `${v.environment}/${v.agent}: policy violation "${v.policy}"`,
      text: `${v.environment}/${v.agent} violated the policy "${v.policy}" ${v.count} time${v.count === 1 ? '' : 's'} on ${v.day} (first at ${v.firstSeen}).`,
      environment: v.environment,
      agent: v.agent,
    });
  }
  // The texts carry agents' error messages: whatever secret slipped into one leaves redacted.
  return alerts.map((a) => ({ ...a, title: redactSecrets(a.title), text: redactSecrets(a.text) }));
}
