import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTree, REPO_ROOT } from '../../../test/helpers.js';
import { startAlertServer } from '../../../test/alerts/loopback.js';
import { generateMonth, toJsonl } from '../../../test/report/month.js';

const DIST = join(REPO_ROOT, 'actions/report/dist/index.js');

/** Runs the committed bundle as the runner does (INPUT_* variables, output and summary files), without blocking the loopback server. */
function runAction(workspace: string, inputs: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ status: number; log: string; outputs: string; summary: string }> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'agentship-runner-'));
  const outputFile = join(runnerTemp, 'output.txt');
  const summaryFile = join(runnerTemp, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_REPOSITORY: 'acme/agents', GITHUB_RUN_ID: '42', RUNNER_TEMP: runnerTemp, ...extraEnv };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    execFile(process.execPath, [DIST], { cwd: workspace, env, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? -1) : 0, log: stdout + stderr, outputs: readFileSync(outputFile, 'utf8'), summary: readFileSync(summaryFile, 'utf8') });
    });
  });
}

describe('actions/report/dist/index.js as the runner runs it', () => {
  let server: Awaited<ReturnType<typeof startAlertServer>>;
  let workspace: string;
  beforeAll(async () => {
    server = await startAlertServer();
    workspace = makeTree({ 'environments/production/budget-limits.yaml': 'monthly-budget-usd: 400\n', 'logs/june.jsonl': toJsonl(generateMonth()) });
  });
  afterAll(() => server.close());

  const inputs = { PATH: '.', USAGE: 'logs', 'AS-OF': '2025-06-30', 'JSON-FILE': 'out/report.json', 'HTML-FILE': 'out/index.html', 'SEND-ALERTS': 'true', 'FAIL-ON': 'critical', 'STATE-FILE': '.agentship/alerts.json' };

  it('writes the job summary, the files and the outputs, sends the alerts and fails on a critical one', async () => {
    const run = await runAction(workspace, inputs, { AGENTSHIP_ALERT_WEBHOOK_URL: `${server.url}/hook` });
    expect(run.status).toBe(1);
    expect(run.log).toMatch(/::error::agentship report: \d+ alerts at critical or above \(fail-on: critical\)/);
    expect(run.summary).toContain('## agentship usage report');
    expect(run.summary).toContain('### Budget against actual');
    expect(run.outputs).toMatch(/^anomalies<<.+\n7\n/m);
    expect(run.outputs).toMatch(/^alerts-sent<<.+\n11\n/m);
    expect(existsSync(join(workspace, 'out/index.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(workspace, 'out/report.json'), 'utf8')).stalls).toHaveLength(1);
    const hook = server.received.filter((r) => r.path === '/hook');
    expect(hook).toHaveLength(1);
    expect(hook[0].body.source).toBe('acme/agents run 42');
  });

  it('fails with a clear message, not a stack trace, on a bad input', async () => {
    const run = await runAction(workspace, { ...inputs, 'FAIL-ON': 'sometimes' });
    expect(run.status).toBe(1);
    expect(run.log).toContain('::error::input "fail-on" must be one of never, info, warning, error, critical (got "sometimes")');
    expect(run.log).not.toMatch(/^\s+at .+[:(]\d+/m);
  });
});
