import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, makeTree } from '../../../test/helpers.js';
import { CONFIG_V1 } from '../../../test/deploy/git-fixture.js';

/** Runs a bundled release action as the runner does: inputs in INPUT_*, outputs in GITHUB_OUTPUT. */
function runAction(name: string, workspace: string, inputs: Record<string, string>): { status: number; outputs: Record<string, string>; stdout: string } {
  const out = join(mkdtempSync(join(tmpdir(), 'agentship-action-')), 'output');
  writeFileSync(out, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: out };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'actions', name, 'dist/index.js')], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
  const outputs: Record<string, string> = {};
  const text = readFileSync(out, 'utf8');
  for (const m of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]] = m[3];
  return { status: r.status ?? -1, outputs, stdout: r.stdout };
}

const common = { target: 'directory', directory: 'releases', 'github-deployments': 'false', 'gitlab-deployments': 'false', 'require-review': 'false', automatic: 'false', promote: 'false', remote: '' };

describe('the deploy, canary-compare and rollback actions', () => {
  it('deploy a canary, judge degraded results, roll back: outputs say so at each step', () => {
    const ws = makeTree({
      ...CONFIG_V1,
      'base.jsonl': Array.from({ length: 30 }, (_, i) => JSON.stringify({ taskId: `t${i}`, success: true })).join('\n'),
      'cand.jsonl': Array.from({ length: 30 }, (_, i) => JSON.stringify({ taskId: `t${i}`, success: i % 3 !== 0 })).join('\n'),
    });
    const v1 = runAction('deploy', ws, { ...common, environment: 'staging', strategy: 'direct', version: 'v1' });
    expect(v1.status).toBe(0);
    expect(v1.outputs).toMatchObject({ changed: 'true', 'active-version': 'v1', 'canary-weight': '0' });
    writeFileSync(join(ws, 'AGENTS.md'), '# Agents\n\nv2\n');
    const v2 = runAction('deploy', ws, { ...common, environment: 'staging', strategy: 'canary', weight: '20', version: 'v2' });
    expect(v2.outputs).toMatchObject({ version: 'v2', slot: 'green', 'canary-weight': '20', 'active-version': 'v1' });

    const judged = runAction('canary-compare', ws, { ...common, baseline: 'base.jsonl', candidate: 'cand.jsonl', 'fail-on': 'never', 'result-file': 'canary.json', mode: 'auto' });
    expect(judged.status).toBe(0);
    expect(judged.outputs).toMatchObject({ verdict: 'rollback', score: '0', paired: 'true' });

    // v1 was promoted moments ago: with a soak of 0 it counts as known good.
    const rolled = runAction('rollback', ws, { ...common, environment: 'staging', soak: '0', 'known-good-from': 'ledger' });
    expect(rolled.status).toBe(0);
    expect(rolled.outputs).toMatchObject({ changed: 'true', 'active-version': 'v1', 'canary-weight': '0' });
    expect(readFileSync(join(ws, 'releases/staging/active/AGENTS.md'), 'utf8')).toBe(CONFIG_V1['AGENTS.md']);
    expect(runAction('rollback', ws, { ...common, environment: 'staging', soak: '0', 'known-good-from': 'ledger' }).outputs.changed).toBe('false');
  });

  it('fails the step with the refusal when nothing is known good', () => {
    const ws = makeTree(CONFIG_V1);
    runAction('deploy', ws, { ...common, environment: 'prod', strategy: 'direct' });
    const r = runAction('rollback', ws, { ...common, environment: 'prod', soak: '2h', 'known-good-from': 'ledger' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::No known-good version of prod/);
  });
});
