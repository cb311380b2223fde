import { createHash } from 'node:crypto';
import type { Alert } from './collect.js';

/**
 * The three destinations and their wire formats:
 * - Slack incoming webhook: POST `{text, blocks}` (Block Kit), answered `200 ok`;
 * - PagerDuty Events API v2: POST `/v2/enqueue` with `{routing_key, event_action: "trigger",
 *   dedup_key, payload: {summary, source, severity, ...}}`, answered `202`; one event per alert;
 * - a generic JSON webhook: POST `{version: 1, kind: "agentship-alerts", alerts: [...]}`.
 */
export type ChannelName = 'slack' | 'pagerduty' | 'webhook';

/** A destination as configured: where, and the environment variable it came from (for messages; never the value). */
export interface Channel {
  name: ChannelName;
  url: string;
  /** PagerDuty only. */
  routingKey?: string;
  /** Names of the variables, for messages. */
  from: string;
}

/** Slack allows 50 blocks a message: a header, a context line and up to 45 alerts. */
const SLACK_MAX_ALERTS = 45;
const EMOJI: Record<Alert['severity'], string> = { critical: ':rotating_light:', error: ':x:', warning: ':warning:', info: ':information_source:' };

export function slackMessage(alerts: Alert[], source: string): { text: string; blocks: unknown[] } {
  const text = alerts.length === 1 ? `agentship: ${alerts[0].title}` : `agentship: ${alerts.length} alerts from ${source}`;
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: true } }];
  for (const a of alerts.slice(0, SLACK_MAX_ALERTS)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${EMOJI[a.severity]} *${slackEscape(a.title)}*\n${slackEscape(a.text)}`.slice(0, 3000) } });
  }
  const more = alerts.length - SLACK_MAX_ALERTS;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${more > 0 ? `${more} more alerts are in the report. ` : ''}Sent by agentship report from ${slackEscape(source)}.` }] });
  return { text, blocks };
}

/** Slack's mrkdwn treats &, < and > as control characters. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function pagerdutyEvent(alert: Alert, routingKey: string, source: string, timestamp: string): Record<string, unknown> {
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    // PagerDuty keeps one incident per dedup_key (255 characters at most).
    dedup_key: alert.key.length <= 200 ? `agentship:${alert.key}` : `agentship:${createHash('sha256').update(alert.key).digest('hex')}`,
    payload: {
      summary: `${alert.title}: ${alert.text}`.slice(0, 1024),
      source,
      severity: alert.severity,
      timestamp,
      component: alert.agent ?? alert.environment,
      group: alert.environment,
      class: alert.kind,
      custom_details: { text: alert.text, environment: alert.environment, agent: alert.agent, key: alert.key },
    },
    client: 'agentship',
  };
}

export function webhookBody(alerts: Alert[], source: string, timestamp: string): Record<string, unknown> {
  return { version: 1, kind: 'agentship-alerts', source, sentAt: timestamp, alerts };
}

export class ChannelError extends Error {}

/** A server's answer may echo what it was sent: take the URL and the key out before it reaches a log. */
function scrub(text: string, channel: Channel): string {
  // A Slack webhook's secret is its path: take out the whole URL, then the path on its own.
  const secrets = [channel.url];
  try {
    const { pathname, search } = new URL(channel.url);
    if (pathname.length > 1) secrets.push(pathname + search, pathname);
  } catch {
    // not a URL: fetch failed on it already, and the text holds at most the whole string
  }
  if (channel.routingKey) secrets.push(channel.routingKey);
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(secret === channel.routingKey ? '[routing key]' : '[url]');
  return out;
}

/**
 * POSTs JSON and retries 429 and 5xx answers and network errors (3 attempts). Errors name the
 * channel and the variable it was configured from, never the URL: a webhook URL is a secret.
 */
export async function postJson(channel: Channel, body: unknown, options: { backoffMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const backoff = options.backoffMs ?? 1000;
  let last = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const response = await fetch(channel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'agentship' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      const answer = scrub((await response.text()).slice(0, 200), channel);
      if (response.ok) return;
      last = `HTTP ${response.status}${answer ? ` (${answer.replace(/\s+/g, ' ')})` : ''}`;
      if (response.status !== 429 && response.status < 500) break;
    } catch (error) {
      last = (error as Error).name === 'TimeoutError' ? 'no answer in time' : `could not connect (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name})`;
    }
    if (attempt < 3) await new Promise((r) => setTimeout(r, backoff * attempt));
  }
  throw new ChannelError(`${channel.name} (${channel.from}): ${last}`);
}
