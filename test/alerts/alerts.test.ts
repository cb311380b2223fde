import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsFromReport, dispatchAlerts, type Alert } from '@agentship/core/alerts';
import { buildUsageReport, DEFAULT_ALERTS, type UsageReport } from '@agentship/core/usage';
import { AS_OF, generateMonth, LEAKED_KEY, toJsonl } from '../report/month.js';
import { startAlertServer } from './loopback.js';

const ROUTING_KEY = 'R0ut1ngKeyFor7estsOnly0123456789'; // 32 characters, as PagerDuty's
const SLACK_PATH = '/services/T0AGENTSHIP/B0TESTHOOK/hUnTeR2sEcReTpAtH';

let server: Awaited<ReturnType<typeof startAlertServer>>;
let env: NodeJS.ProcessEnv;
let usagePath: string;

beforeAll(async () => {
  server = await startAlertServer();
  env = {
    AGENTSHIP_SLACK_WEBHOOK_URL: `${server.url}${SLACK_PATH}`,
    AGENTSHIP_PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
    AGENTSHIP_PAGERDUTY_URL: `${server.url}/v2/enqueue`,
    AGENTSHIP_ALERT_WEBHOOK_URL: `${server.url}/hook`,
  };
  usagePath = join(mkdtempSync(join(tmpdir(), 'agentship-alerts-')), 'month.jsonl');
  writeFileSync(usagePath, toJsonl(generateMonth()));
});
afterAll(() => server.close());

const config = { ...DEFAULT_ALERTS, minSeverity: 'info' as const };
const statePath = () => join(mkdtempSync(join(tmpdir(), 'agentship-alert-state-')), 'state.json');
const report = (asOf: number, budgetUsd = 400, path = usagePath) => buildUsageReport({ paths: [path], asOf, budgets: { production: { budgetUsd, alertLevels: [70, 90, 100] } } });
const dispatch = (alerts: Alert[], state: string, overrides: Partial<Parameters<typeof dispatchAlerts>[1]> = {}) => dispatchAlerts(alerts, { config, statePath: state, env, source: 'acme/agents', backoffMs: 1, now: new Date(AS_OF), ...overrides });

describe('alerts to Slack, PagerDuty and a webhook (loopback servers speaking their APIs)', () => {
  let month: UsageReport;
  let alerts: Alert[];
  beforeAll(async () => {
    month = await report(AS_OF);
    alerts = alertsFromReport(month);
  });

  it('makes one alert per budget level, anomaly, stall, run of failures and policy violation', () => {
    expect(alerts.map((a) => a.kind).sort()).toEqual(['anomaly', 'anomaly', 'anomaly', 'anomaly', 'anomaly', 'anomaly', 'anomaly', 'budget', 'policy', 'repeated-failures', 'stall']);
    expect(alerts.find((a) => a.kind === 'stall')!.severity).toBe('critical');
  });

  it('sends each new alert once to each destination, in each API\'s format, without a secret', async () => {
    const state = statePath();
    server.received.length = 0;
    const result = await dispatch(alerts, state);
    expect(result.failures).toEqual([]);
    expect(result.channels).toEqual(['slack', 'pagerduty', 'webhook']);
    expect(result.sent).toHaveLength(alerts.length);

    const slack = server.received.filter((r) => r.path === SLACK_PATH);
    expect(slack).toHaveLength(1);
    expect(slack[0].body.text).toBe(`agentship: ${alerts.length} alerts from acme/agents`);
    const sections = slack[0].body.blocks.filter((b: any) => b.type === 'section').map((b: any) => b.text.text);
    expect(sections).toHaveLength(alerts.length);
    expect(sections.some((t: string) => t.includes(':rotating_light:') && t.includes('summarizer stopped reporting'))).toBe(true);

    const pagerduty = server.received.filter((r) => r.path === '/v2/enqueue');
    expect(pagerduty).toHaveLength(alerts.length);
    for (const event of pagerduty) {
      expect(event.body).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', payload: { source: 'acme/agents' } });
      expect(event.body.dedup_key).toMatch(/^agentship:/);
    }
    expect(new Set(pagerduty.map((e) => e.body.dedup_key)).size).toBe(alerts.length);
    expect(pagerduty.find((e) => e.body.payload.class === 'budget')!.body.payload.severity).toBe('warning');

    const hook = server.received.filter((r) => r.path === '/hook');
    expect(hook).toHaveLength(1);
    expect(hook[0].body).toMatchObject({ version: 1, kind: 'agentship-alerts', source: 'acme/agents' });
    expect(hook[0].body.alerts.map((a: Alert) => a.key).sort()).toEqual(alerts.map((a) => a.key).sort());

    // The 401 carried an API key: it left redacted, everywhere.
    const wire = JSON.stringify(server.received);
    expect(wire).toContain('401 Unauthorized');
    expect(wire).not.toContain(LEAKED_KEY);
    // What the run reports holds neither the webhook URL nor the routing key.
    const said = JSON.stringify(result) + readFileSync(state, 'utf8');
    expect(said).not.toContain(SLACK_PATH);
    expect(said).not.toContain(ROUTING_KEY);
  });

  it('sends nothing the second time: the state file remembers each crossing', async () => {
    const state = statePath();
    await dispatch(alerts, state);
    server.received.length = 0;
    const again = await dispatch(alertsFromReport(await report(AS_OF)), state);
    expect(server.received).toEqual([]);
    expect(again.sent).toEqual([]);
    expect(again.alreadySent.sort()).toEqual(alerts.map((a) => a.key).sort());
  });

  it('alerts a budget level when it is crossed, and the next level when that one is', async () => {
    const state = statePath();
    const budget = 300; // 70% = $210 is crossed around the 19th, 90% = $270 around the 24th
    server.received.length = 0;
    const onlyBudget = (r: UsageReport) => alertsFromReport(r).filter((a) => a.kind === 'budget');
    const first = await dispatch(onlyBudget(await report(Date.UTC(2025, 5, 10), budget)), state);
    expect(first.sent).toEqual([]);
    const second = await dispatch(onlyBudget(await report(Date.UTC(2025, 5, 21), budget)), state);
    expect(second.sent.map((s) => s.alert.key)).toEqual(['budget:production:2025-06:70']);
    const third = await dispatch(onlyBudget(await report(Date.UTC(2025, 5, 22), budget)), state);
    expect(third.sent).toEqual([]);
    const fourth = await dispatch(onlyBudget(await report(AS_OF, budget)), state);
    // By the end of the month both 90% and 100% are crossed: one alert, the higher level.
    expect(fourth.sent.map((s) => s.alert.key)).toEqual(['budget:production:2025-06:100']);
    expect(fourth.covered).toEqual(['budget:production:2025-06:90']);
    expect(server.received.filter((r) => r.path === '/hook')).toHaveLength(2);
  });

  it('sends no alert for an ordinary month within budget', async () => {
    const clean = join(mkdtempSync(join(tmpdir(), 'agentship-alerts-')), 'clean.jsonl');
    writeFileSync(clean, toJsonl(generateMonth({ plant: false })));
    server.received.length = 0;
    const result = await dispatch(alertsFromReport(await report(AS_OF, 1000, clean)), statePath());
    expect(result.sent).toEqual([]);
    expect(server.received).toEqual([]);
  });

  it('retries a destination that failed, on the next run, without repeating the others', async () => {
    const state = statePath();
    server.received.length = 0;
    server.failNext['/services'] = 3;
    const first = await dispatch(alerts, state);
    expect(first.failures).toHaveLength(1);
    expect(first.failures[0]).toMatch(/^slack \(AGENTSHIP_SLACK_WEBHOOK_URL\): HTTP 500 \(internal error for \[url\]\)$/);
    expect(first.failures[0]).not.toContain(SLACK_PATH);
    expect(server.received.filter((r) => r.path === '/v2/enqueue')).toHaveLength(alerts.length);
    server.received.length = 0;
    const second = await dispatch(alerts, state);
    expect(second.failures).toEqual([]);
    expect(server.received.map((r) => r.path)).toEqual([SLACK_PATH]);
  });

  it('rejects nothing silently: a bad PagerDuty answer is a failure naming the variable', async () => {
    const result = await dispatch(alerts.slice(0, 1), statePath(), { env: { AGENTSHIP_PAGERDUTY_ROUTING_KEY: 'short', AGENTSHIP_PAGERDUTY_URL: `${server.url}/v2/enqueue` } });
    expect(result.failures).toEqual(['pagerduty (AGENTSHIP_PAGERDUTY_ROUTING_KEY): HTTP 400 ({"status":"invalid event","message":"Event object is invalid","errors":["invalid"]})']);
    expect(result.sent).toEqual([]);
  });

  it('keeps the alerts for later when no destination is set', async () => {
    const state = statePath();
    const result = await dispatch(alerts, state, { env: {} });
    expect(result.noDestination).toBe(true);
    expect(existsSync(state)).toBe(false);
  });

  it('holds back alerts below min-severity', async () => {
    const result = await dispatch(alerts, statePath(), { config: { ...config, minSeverity: 'critical' } });
    expect(result.sent.map((s) => s.alert.severity)).toEqual(result.sent.map(() => 'critical'));
    expect(result.belowSeverity.length).toBe(alerts.filter((a) => a.severity !== 'critical').length);
  });
});
