import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree, runCli } from '../helpers.js';
import { CONFIG_V1, gitFixture } from './git-fixture.js';

const results = (degraded: boolean) =>
  Array.from({ length: 30 }, (_, i) => JSON.stringify({ taskId: `t${i}`, success: degraded ? i % 3 !== 0 : true, latencyMs: 500 + i, tokens: 100, costUsd: 0.01 })).join('\n') + '\n';

describe('agentship route', () => {
  it('checks the published vectors and routes keys', () => {
    const vectors = runCli(['route', '--test-vectors']);
    expect(vectors.status).toBe(0);
    expect(vectors.stdout).toContain('"checkout-v2"\t"task-1"\t3687139408\t85.84\tok');
    const routed = runCli(['route', '--salt', 'checkout-v2', '--weight', '50', 'task-1', 'task-2']);
    expect(routed.stdout).toBe('task-1\t85.84\tbaseline\ntask-2\t38.54\tcandidate\n');
    const stdin = runCli(['route', '--salt', 'checkout-v2', '--format', 'json', '-'], { input: 'task-2\n' });
    expect(JSON.parse(stdin.stdout).routes).toEqual([{ key: 'task-2', bucket: 38.54 }]);
    expect(runCli(['route', 'x']).status).toBe(2);
  });
});

describe('agentship canary-compare', () => {
  it('exits 1 on a rollback verdict, writes the result, and names a missing file with exit 2', () => {
    const dir = makeTree({ 'base.jsonl': results(false), 'cand.jsonl': results(true) });
    const r = runCli(['canary-compare', '--baseline', 'base.jsonl', '--candidate', 'cand.jsonl', '--result-file', 'out/result.json'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^canary-compare: ROLLBACK/);
    expect(r.stdout).toMatch(/success\s+low!\s+mcnemar-exact/);
    expect(JSON.parse(readFileSync(join(dir, 'out/result.json'), 'utf8')).verdict).toBe('rollback');
    expect(runCli(['canary-compare', '--baseline', 'base.jsonl', '--candidate', 'cand.jsonl', '--fail-on', 'never', '-f', 'markdown'], { cwd: dir }).stdout).toContain('| success | low (critical) | mcnemar-exact (exact)');
    expect(runCli(['canary-compare', '--baseline', 'base.jsonl', '--candidate', 'base.jsonl'], { cwd: dir }).status).toBe(0);
    const missing = runCli(['canary-compare', '--baseline', 'nope.jsonl', '--candidate', 'cand.jsonl'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('baseline file not found');
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('reads the canary section of agentship.yaml and reports a wrong key with exit 2', () => {
    const dir = makeTree({ 'base.jsonl': results(false), 'cand.jsonl': results(true), 'agentship.yaml': 'canary:\n  metrics:\n    success: { critical: false, tolerance: 0.5 }\n' });
    const r = runCli(['canary-compare', '--baseline', 'base.jsonl', '--candidate', 'cand.jsonl', '-f', 'json'], { cwd: dir });
    const result = JSON.parse(r.stdout);
    expect(result.metrics.find((m: { name: string }) => m.name === 'success').classification).toBe('pass');
    writeFileSync(join(dir, 'agentship.yaml'), 'canary:\n  metrics:\n    speed: {}\n');
    const bad = runCli(['canary-compare', '--baseline', 'base.jsonl', '--candidate', 'cand.jsonl'], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/canary.metrics.speed: unknown metric/);
  });
});

describe('agentship deploy, rollback and ledger', () => {
  it('on a directory target: deploy, refuse a rollback with nothing known good, detect an edited ledger', () => {
    const src = makeTree(CONFIG_V1);
    const out = join(makeTree({}), 'releases');
    const deploy = runCli(['deploy', src, '--env', 'staging', '--strategy', 'direct', '--version', 'v1', '--target', 'directory', '--directory', out, '-f', 'json']);
    expect(deploy.status).toBe(0);
    expect(JSON.parse(deploy.stdout).entries.map((e: { action: string }) => e.action)).toEqual(['deploy', 'promote']);
    const again = runCli(['deploy', src, '--env', 'staging', '--strategy', 'direct', '--version', 'v1', '--target', 'directory', '--directory', out]);
    expect(again.stdout).toMatch(/already holds v1/);

    const refused = runCli(['rollback', '--env', 'staging', '--target', 'directory', '--directory', out, '--soak', '1h']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refused: No known-good version of staging/);

    const ledger = join(out, 'ledger.jsonl');
    expect(runCli(['ledger', 'verify', ledger]).status).toBe(0);
    writeFileSync(ledger, readFileSync(ledger, 'utf8').replace('"version":"v1"', '"version":"v0"'));
    const tampered = runCli(['ledger', 'verify', ledger]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/ledger.jsonl:1: entry 1 was edited/);
    expect(runCli(['deploy', src, '--target', 'directory', '--directory', out]).status).toBe(2);
  });

  it('on git refs pushed to a remote, shown by ledger show --git', () => {
    const { a, b } = gitFixture();
    const first = runCli(['deploy', '--env', 'production', '--strategy', 'canary', '--remote', 'origin'], { cwd: a });
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(/refused: A canary needs a version serving production/);
    expect(runCli(['deploy', '--env', 'production', '--strategy', 'direct', '--remote', 'origin', '--version', 'v1'], { cwd: a }).status).toBe(0);
    writeFileSync(join(a, 'AGENTS.md'), '# Agents\n\nv2\n');
    const d = runCli(['deploy', '--env', 'production', '--strategy', 'canary', '--weight', '5', '--remote', 'origin', '--version', 'v2'], { cwd: a });
    expect(d.status).toBe(0);
    expect(d.stdout).toMatch(/Deployed v2 to production\/green as a 5% canary/);
    const shown = runCli(['ledger', 'show', '--git', b, '--remote', 'origin']);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/deploy\s+production\/green\s+v2 .* 5 /);
    expect(shown.stdout).toMatch(/3 entries, chain intact/);
  });

  it('takes a remote given as a path relative to where the command runs', () => {
    const { base, a } = gitFixture();
    const deploy = runCli(['deploy', 'a', '--env', 'staging', '--strategy', 'direct', '--remote', './remote.git', '--version', 'v1'], { cwd: base });
    expect(deploy.stderr).not.toMatch(/internal error|invalid refspec/);
    expect(deploy.status).toBe(0);
    const shown = runCli(['ledger', 'show', '--git', a, '--remote', 'origin']);
    expect(shown.stdout).toMatch(/deploy\s+staging\/\S+\s+v1/);
  });
});
