import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '@agentship/core';
import { makeTree, REPO_ROOT } from '../../../test/helpers.js';
import { githubSarifProblems, sarifValidator } from '../../../test/foundation/sarif-schema.js';

const DIST = join(REPO_ROOT, 'actions/validate/dist/index.js');
const CONFIG_ONLY = `rules:\n${FAMILIES.filter((f) => f !== 'config').map((f) => `  ${f}: off`).join('\n')}\n`;

interface ActionRun {
  status: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Runs the committed bundle the way the runner does: node, INPUT_* variables (hyphens kept), files for outputs and summary. */
function runAction(workspace: string, inputs: Record<string, string>): ActionRun {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'agentship-runner-'));
  const outputFile = join(runnerTemp, 'output.txt');
  const summaryFile = join(runnerTemp, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [DIST], { cwd: workspace, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? -1, stdout: result.stdout + result.stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8'), workspace };
}

/** GITHUB_OUTPUT holds `name<<delimiter`, the value lines, then the delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const end = lines.indexOf(match[2], i + 1);
    expect(end, `no closing delimiter for ${match[1]}`).toBeGreaterThan(i);
    outputs[match[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/** A repository whose agent configuration lives in `agents-config/`, with 13 errors and 12 warnings. */
function fixture(): string {
  const files: Record<string, string> = { 'agents-config/agentship.yaml': CONFIG_ONLY };
  for (let i = 1; i <= 13; i++) files[`agents-config/environments/env${String(i).padStart(2, '0')}/budget-limits.yaml`] = `monthly-budget-usd: [${i}\n`;
  for (let i = 1; i <= 12; i++) files[`agents-config/pkg${String(i).padStart(2, '0')}/.mcp.json`] = `{\n  "mcpServers": {},\n  "mcpServers": {}\n}\n`;
  files['agents-config/AGENTS.md'] = '# fine\n';
  return makeTree(files, 'agentship-action-');
}

describe('actions/validate/dist/index.js as the runner runs it', () => {
  const workspace = fixture();
  const run = runAction(workspace, { PATH: 'agents-config', 'FAIL-ON': 'error', 'SARIF-FILE': 'reports/agentship.sarif', CONFIG: '', PROFILE: '' });

  it('fails the step (exit 1) when the gate fails, saying why', () => {
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::agentship validate found 13 errors and 12 warnings (fail-on: error).');
  });

  it('sets error-count, warning-count and sarif-file in GITHUB_OUTPUT', () => {
    expect(run.outputs).toEqual({ 'error-count': '13', 'warning-count': '12', 'sarif-file': 'reports/agentship.sarif' });
  });

  it('annotates at most 10 per level, keeping one error slot for the failure message, at repository-relative paths', () => {
    const annotations = run.stdout.split('\n').filter((line) => /^::(error|warning|notice) .*title=/.test(line));
    const errors = annotations.filter((l) => l.startsWith('::error '));
    const warnings = annotations.filter((l) => l.startsWith('::warning '));
    expect(errors).toHaveLength(9);
    expect(warnings).toHaveLength(10);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error'))).toHaveLength(10);
    expect(errors[0]).toMatch(/^::error title=config\/syntax,file=agents-config\/environments\/env01\/budget-limits\.yaml,line=\d+(,col=\d+)?::.+/);
    expect(warnings[0]).toMatch(/^::warning title=config\/syntax,file=agents-config\/pkg01\/\.mcp\.json,line=3(,col=\d+)?::Duplicate key "mcpServers"/);
  });

  it('lists every finding in the job summary, none lost, and says how many were not annotated', () => {
    const rows = run.summary.split('\n').filter((line) => /^\| (error|warning|note) \|/.test(line));
    expect(rows).toHaveLength(25);
    for (let i = 1; i <= 13; i++) expect(run.summary).toContain(`environments/env${String(i).padStart(2, '0')}/budget-limits.yaml:`);
    for (let i = 1; i <= 12; i++) expect(run.summary).toContain(`pkg${String(i).padStart(2, '0')}/.mcp.json:3`);
    expect(run.summary).toContain('13 errors, 12 warnings');
    expect(run.summary).toContain('6 findings were not shown as annotations');
  });

  it('writes a valid SARIF file whose paths are relative to the repository', () => {
    const log = JSON.parse(readFileSync(join(workspace, 'reports/agentship.sarif'), 'utf8'));
    expect(sarifValidator()(log)).toEqual([]);
    expect(githubSarifProblems(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(25);
    expect(log.runs[0].results.every((r: any) => r.locations[0].physicalLocation.artifactLocation.uri.startsWith('agents-config/'))).toBe(true);
  });

  it('passes with fail-on never and still reports the counts', () => {
    const lenient = runAction(workspace, { PATH: 'agents-config', 'FAIL-ON': 'never', 'SARIF-FILE': '' });
    expect(lenient.status).toBe(0);
    expect(lenient.outputs).toEqual({ 'error-count': '13', 'warning-count': '12' });
  });

  it('fails with a clear message, not a stack trace, on a bad input value', () => {
    const bad = runAction(workspace, { PATH: 'agents-config', 'FAIL-ON': 'sometimes', 'SARIF-FILE': '' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('::error::input "fail-on" must be one of error, warning, never (got "sometimes")');
    expect(bad.stdout).not.toMatch(/^\s+at .+[:(]\d+/m);
  });
});

describe('committed dist', () => {
  it('is in step with src (node scripts/build.mjs --check)', () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(result.stderr + result.stdout).toMatch(/dist\/ is in step for \d+ actions/);
    expect(result.status).toBe(0);
  });

  it('compares the whole dist folder: a file src/ no longer builds makes it stale', () => {
    const strayDir = join(REPO_ROOT, 'actions/rollback/dist/chunks');
    const stray = join(strayDir, 'stray-from-an-old-build.js');
    mkdirSync(strayDir, { recursive: true });
    writeFileSync(stray, 'export {};\n');
    try {
      const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('actions/rollback/dist/chunks/stray-from-an-old-build.js');
    } finally {
      rmSync(stray);
    }
  });
});
