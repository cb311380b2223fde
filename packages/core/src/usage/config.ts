import type { AgentshipConfig } from '../config/index.js';
import { DEFAULT_ANOMALY_OPTIONS, type AnomalyOptions } from './anomalies.js';

/** The `monitoring:` section of agentship.yaml (schemas/agentship.schema.json), with defaults. */
export interface MonitoringConfig {
  /** Usage files or folders, relative to the repository root. */
  usage: string[];
  /** The environment of records that name none. */
  defaultEnvironment?: string;
  anomaly: AnomalyOptions;
  alerts: AlertsConfig;
}

/** Where alerts go. Only names of environment variables: a webhook URL or routing key is a secret and never sits in a file. */
export interface AlertsConfig {
  /** JSON file remembering which alerts were sent (default .agentship/alert-state.json). */
  stateFile: string;
  slackUrlEnv: string;
  pagerdutyRoutingKeyEnv: string;
  /** Events API v2 endpoint (not a secret; the EU region or a test server). */
  pagerdutyUrl: string;
  webhookUrlEnv: string;
  /** Alerts below this severity are reported but not sent. */
  minSeverity: 'info' | 'warning' | 'critical';
}

export const DEFAULT_ALERTS: AlertsConfig = {
  stateFile: '.agentship/alert-state.json',
  slackUrlEnv: 'AGENTSHIP_SLACK_WEBHOOK_URL',
  pagerdutyRoutingKeyEnv: 'AGENTSHIP_PAGERDUTY_ROUTING_KEY',
  pagerdutyUrl: 'https://events.pagerduty.com/v2/enqueue',
  webhookUrlEnv: 'AGENTSHIP_ALERT_WEBHOOK_URL',
  minSeverity: 'warning',
};

const ANOMALY_KEYS: Record<string, keyof AnomalyOptions> = {
  'window-days': 'windowDays',
  'min-baseline-days': 'minBaselineDays',
  threshold: 'threshold',
  'min-records-per-day': 'minRecordsPerDay',
  'min-failures-per-day': 'minFailuresPerDay',
  'min-scored-per-day': 'minScoredPerDay',
  'stall-min-hours': 'stallMinHours',
  'stall-gap-multiple': 'stallGapMultiple',
  'repeated-failures': 'repeatedFailures',
};

/** Reads `monitoring:`; the schema has checked its types when agentship.yaml was loaded. */
export function monitoringConfig(config: AgentshipConfig): MonitoringConfig {
  const raw = record(config.monitoring);
  const anomalyRaw = record(raw.anomaly);
  const anomaly = { ...DEFAULT_ANOMALY_OPTIONS };
  for (const [key, field] of Object.entries(ANOMALY_KEYS)) {
    const v = anomalyRaw[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) anomaly[field] = v;
  }
  const alerts = record(raw.alerts);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const usage = Array.isArray(raw.usage) ? raw.usage.filter((u): u is string => typeof u === 'string') : typeof raw.usage === 'string' ? [raw.usage] : [];
  const severity = str(alerts['min-severity']);
  return {
    usage,
    defaultEnvironment: str(raw.environment),
    anomaly,
    alerts: {
      stateFile: str(alerts['state-file']) ?? DEFAULT_ALERTS.stateFile,
      slackUrlEnv: str(record(alerts.slack)['webhook-url-env']) ?? DEFAULT_ALERTS.slackUrlEnv,
      pagerdutyRoutingKeyEnv: str(record(alerts.pagerduty)['routing-key-env']) ?? DEFAULT_ALERTS.pagerdutyRoutingKeyEnv,
      pagerdutyUrl: str(record(alerts.pagerduty).url) ?? DEFAULT_ALERTS.pagerdutyUrl,
      webhookUrlEnv: str(record(alerts.webhook)['url-env']) ?? DEFAULT_ALERTS.webhookUrlEnv,
      minSeverity: severity === 'info' || severity === 'critical' ? severity : 'warning',
    },
  };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
