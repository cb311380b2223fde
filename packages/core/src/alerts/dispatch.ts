import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AlertsConfig } from '../usage/config.js';
import { postJson, pagerdutyEvent, slackMessage, webhookBody, type Channel, type ChannelName } from './channels.js';
import { SEVERITY_ORDER, type Alert } from './collect.js';

/** Which alert keys went to which channels: an alert is sent once per crossing, and a failed channel is retried next run. */
export interface AlertState {
  version: 1;
  sent: Record<string, { at: string; channels: ChannelName[] }>;
}

/** Entries older than this are forgotten, so the file does not grow for ever (their days are out of every window by then). */
const KEEP_DAYS = 120;

export function loadAlertState(path: string): { state: AlertState; problem?: string } {
  const empty: AlertState = { version: 1, sent: {} };
  if (!existsSync(path)) return { state: empty };
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as AlertState;
    if (value && value.version === 1 && value.sent && typeof value.sent === 'object') return { state: value };
    return { state: empty, problem: `${path} is not an agentship alert state file; starting afresh` };
  } catch (error) {
    return { state: empty, problem: `${path} could not be read (${(error as Error).message}); starting afresh` };
  }
}

export function saveAlertState(path: string, state: AlertState, now: Date): void {
  const cutoff = now.getTime() - KEEP_DAYS * 86_400_000;
  const sent = Object.fromEntries(Object.entries(state.sent).filter(([, v]) => Date.parse(v.at) >= cutoff).sort(([a], [b]) => a.localeCompare(b)));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify({ version: 1, sent }, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}

/** The destinations whose variables are set. Values are read here and go nowhere but the request. */
export function configuredChannels(config: AlertsConfig, env: NodeJS.ProcessEnv): Channel[] {
  const channels: Channel[] = [];
  const slack = env[config.slackUrlEnv];
  if (slack) channels.push({ name: 'slack', url: slack, from: config.slackUrlEnv });
  const key = env[config.pagerdutyRoutingKeyEnv];
  if (key) channels.push({ name: 'pagerduty', url: env.AGENTSHIP_PAGERDUTY_URL || config.pagerdutyUrl, routingKey: key, from: config.pagerdutyRoutingKeyEnv });
  const hook = env[config.webhookUrlEnv];
  if (hook) channels.push({ name: 'webhook', url: hook, from: config.webhookUrlEnv });
  return channels;
}

export interface DispatchResult {
  /** Channels that were configured. */
  channels: ChannelName[];
  /** Alerts sent this run, with where to. */
  sent: Array<{ alert: Alert; channels: ChannelName[] }>;
  /** Keys already sent on an earlier run. */
  alreadySent: string[];
  /** Lower budget levels covered by a higher one sent at the same time. */
  covered: string[];
  belowSeverity: string[];
  failures: string[];
  /** Set when nothing could be sent because no destination is configured. */
  noDestination?: boolean;
}

export interface DispatchOptions {
  config: AlertsConfig;
  /** Absolute path of the state file. */
  statePath: string;
  env: NodeJS.ProcessEnv;
  /** What the alerts say they come from: the repository or the workflow run. */
  source: string;
  now?: Date;
  backoffMs?: number;
}

/**
 * Sends every alert not sent before to every configured channel, then records what went where.
 * Without any destination, nothing is recorded, so configuring one later does not lose alerts.
 */
export async function dispatchAlerts(alerts: Alert[], options: DispatchOptions): Promise<DispatchResult> {
  const now = options.now ?? new Date();
  const channels = configuredChannels(options.config, options.env);
  const result: DispatchResult = { channels: channels.map((c) => c.name), sent: [], alreadySent: [], covered: [], belowSeverity: [], failures: [] };
  const { state, problem } = loadAlertState(options.statePath);
  if (problem) result.failures.push(problem);
  const floor = SEVERITY_ORDER[options.config.minSeverity];
  const due: Alert[] = [];
  for (const alert of alerts) {
    if (SEVERITY_ORDER[alert.severity] < floor) result.belowSeverity.push(alert.key);
    else if (channels.length && channels.every((c) => state.sent[alert.key]?.channels.includes(c.name))) result.alreadySent.push(alert.key);
    else due.push(alert);
  }
  if (!channels.length) {
    result.noDestination = due.length > 0;
    return result;
  }
  // Two budget levels crossed since the last run make one alert, the higher level.
  const highest = new Map<string, number>();
  for (const a of due) if (a.group) highest.set(a.group, Math.max(highest.get(a.group) ?? 0, a.level ?? 0));
  const toSend = due.filter((a) => !a.group || a.level === highest.get(a.group));
  const covered = due.filter((a) => !toSend.includes(a));

  const delivered = new Map<string, Set<ChannelName>>();
  const mark = (key: string, channel: ChannelName) => {
    if (!delivered.has(key)) delivered.set(key, new Set());
    delivered.get(key)!.add(channel);
  };
  const timestamp = now.toISOString();
  for (const channel of channels) {
    const pending = toSend.filter((a) => !state.sent[a.key]?.channels.includes(channel.name));
    if (!pending.length) continue;
    try {
      if (channel.name === 'pagerduty') {
        for (const alert of pending) {
          await postJson(channel, pagerdutyEvent(alert, channel.routingKey!, options.source, timestamp), { backoffMs: options.backoffMs });
          mark(alert.key, channel.name);
        }
      } else {
        await postJson(channel, channel.name === 'slack' ? slackMessage(pending, options.source) : webhookBody(pending, options.source, timestamp), { backoffMs: options.backoffMs });
        for (const alert of pending) mark(alert.key, channel.name);
      }
    } catch (error) {
      result.failures.push((error as Error).message);
    }
  }
  for (const alert of toSend) {
    const sentNow = delivered.get(alert.key);
    if (!sentNow) continue;
    const before = state.sent[alert.key]?.channels ?? [];
    state.sent[alert.key] = { at: timestamp, channels: [...new Set([...before, ...sentNow])].sort() };
    result.sent.push({ alert, channels: [...sentNow] });
  }
  for (const alert of covered) {
    const by = toSend.find((a) => a.group === alert.group)!;
    if (!delivered.has(by.key)) continue;
    state.sent[alert.key] = { at: timestamp, channels: channels.map((c) => c.name).sort() };
    result.covered.push(alert.key);
  }
  saveAlertState(options.statePath, state, now);
  return result;
}
