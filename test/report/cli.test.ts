import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { CLI, makeTree, runCli, type CliResult } from '../helpers.js';
import { startAlertServer } from '../alerts/loopback.js';
import { generateMonth, LEAKED_KEY, toJsonl } from './month.js';

const HOOK_SECRET = '/services/T0CLI/B0CLI/cliSecretPath123';

/** runCli without blocking: the loopback server in this process must answer while the CLI runs. */
function runCliAsync(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('agentship report', () => {
  let server: Awaited<ReturnType<typeof startAlertServer>>;
  let repo: string;
  beforeAll(async () => {
    server = await startAlertServer();
    repo = makeTree({
      'agentship.yaml': 'monitoring:\n  usage: [logs/usage]\n  alerts:\n    state-file: .agentship/alerts.json\n    slack: { webhook-url-env: SLACK_HOOK }\n',
      'environments/production/budget-limits.yaml': 'monthly-budget-usd: 300\nalert-levels: [70, 90, 100]\n',
      'logs/usage/2025-06.jsonl': toJsonl(generateMonth()),
    });
  });
  afterAll(() => server.close());

  it('reads monitoring.usage, prints the report and writes the JSON, markdown and HTML files', () => {
    const run = runCli(['report', repo, '--as-of', '2025-06-30', '--json', 'out/report.json', '--html', 'out/dashboard.html', '--markdown', 'out/report.md'], { cwd: repo });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\$\d+\.\d\d over 17,\d{3} records; needs attention: production at \d+(\.\d)?% of budget, 7 anomalies, 1 stalled agent/);
    expect(run.stdout).toContain('stall: production/summarizer');
    const report = JSON.parse(readFileSync(join(repo, 'out/report.json'), 'utf8'));
    expect(report.kind).toBe('agentship-usage-report');
    expect(report.budgets[0].crossed).toEqual([70, 90, 100]);
    expect(readFileSync(join(repo, 'out/report.md'), 'utf8')).toContain('### Budget against actual');
    expect(readFileSync(join(repo, 'out/dashboard.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(run.stdout + readFileSync(join(repo, 'out/report.md'), 'utf8')).not.toContain(LEAKED_KEY);
  });

  it('sends alerts once, from variables named in agentship.yaml, and never prints the URL', async () => {
    const env = { SLACK_HOOK: `${server.url}${HOOK_SECRET}` };
    server.received.length = 0;
    const first = await runCliAsync(['report', repo, '--as-of', '2025-06-30', '--send-alerts', '--format', 'json', '-o', 'out/r.json'], { cwd: repo, env });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/sent 11 new alerts to slack; 0 sent before, 2 covered by a higher budget level/);
    expect(server.received).toHaveLength(1);
    expect(existsSync(join(repo, '.agentship/alerts.json'))).toBe(true);
    const second = await runCliAsync(['report', repo, '--as-of', '2025-06-30', '--send-alerts', '--format', 'json', '-o', 'out/r.json'], { cwd: repo, env });
    expect(second.stderr).toMatch(/sent 0 new alerts to slack; 13 sent before/);
    expect(server.received).toHaveLength(1);
    expect(first.stderr + first.stdout + second.stderr).not.toContain(HOOK_SECRET.slice(10));
  });

  it('fails the gate with --fail-on when an alert is that severe, and explains usage errors', () => {
    const gated = runCli(['report', repo, '--as-of', '2025-06-30', '--fail-on', 'critical', '-o', 'out/r.txt'], { cwd: repo });
    expect(gated.status).toBe(1);
    expect(gated.stderr).toMatch(/agentship report: \d+ alerts at critical or above \(fail-on: critical\); first: /);
    const noUsage = runCli(['report', makeTree({ 'README.md': '#\n' })]);
    expect(noUsage.status).toBe(2);
    expect(noUsage.stderr).toContain('No usage records to read: give --usage');
    const missing = runCli(['report', repo, '--usage', 'nope.jsonl'], { cwd: repo });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No such usage file or folder:');
    const badDate = runCli(['report', repo, '--as-of', 'last tuesday'], { cwd: repo });
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('as-of must be an RFC 3339 date-time');
  });
});
