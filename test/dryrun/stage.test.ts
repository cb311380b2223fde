import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPlatform } from '@agentship/platform';
import type { CacheBackend } from '@agentship/platform/cache';
import { githubCache } from '@agentship/platform/github-cache';
import { runDryRunStage } from '@agentship/platform/stages';
import { EXAMPLES, makeTree } from '../helpers.js';

/** A cache that "restores" what a test put in it and remembers what was saved. */
function memoryCache(restore: (paths: string[]) => void): CacheBackend & { saved: Array<{ key: string; paths: string[] }> } {
  const saved: Array<{ key: string; paths: string[] }> = [];
  return {
    name: 'memory',
    saved,
    async restore(paths) {
      restore(paths);
      return 'agentship-dry-run-old';
    },
    async save(paths, key) {
      saved.push({ key, paths });
      return true;
    },
  };
}

describe('dry-run stage', () => {
  it('restores the cache without clobbering committed cassettes, compares with the previous results and sets outputs', async () => {
    const workspace = makeTree({});
    cpSync(EXAMPLES, join(workspace, 'repo'), { recursive: true });
    const cassettes = join(workspace, 'repo/evals/cassettes');
    const committed = readdirSync(cassettes)[0];
    const committedText = readFileSync(join(cassettes, committed), 'utf8');
    // The previous run (from the cache): one case failed then, so it shows as improved now.
    const previous = { version: 1, kind: 'agentship-dry-run', mode: 'replay', startedAt: '2026-01-01T00:00:00Z', durationMs: 1, suites: [], totals: {}, cassettes: { dir: '', used: 0, recorded: 0, unused: [] }, findings: [], pass: false, cases: [{ id: 'triage/refund-answer-json', pass: false, score: 0, tokens: 900, costUsd: 0.0001, latencyMs: 1 }] };
    const cache = memoryCache((paths) => {
      writeFileSync(join(paths[0], committed), '{"stale": true}');
      mkdirSync(join(paths[1], '..'), { recursive: true });
      writeFileSync(paths[1], JSON.stringify(previous));
    });
    const summaryFile = join(workspace, 'summary.md');
    const dotenvFile = join(workspace, 'out.env');
    const logs: string[] = [];
    const { result, comparison, failure } = await runDryRunStage(
      localPlatform({ summaryFile, dotenvFile, log: (l) => logs.push(l) }),
      { workspace, path: 'repo', baseline: 'previous', junitFile: 'junit.xml', env: { PATH: process.env.PATH } },
      cache,
    );
    expect(failure).toBeUndefined();
    expect(result.totals.passed).toBe(7);
    expect(readFileSync(join(cassettes, committed), 'utf8')).toBe(committedText);
    expect(comparison?.cases.find((c) => c.id === 'triage/refund-answer-json')?.change).toBe('improved');
    expect(readFileSync(summaryFile, 'utf8')).toContain('## agentship dry-run passed (replay)');
    expect(readFileSync(summaryFile, 'utf8')).toContain('### Compared with the baseline: no regressions');
    const env = readFileSync(dotenvFile, 'utf8');
    expect(env).toContain('PASS_RATE=1\n');
    expect(env).toMatch(/TOKENS=\d+\n/);
    expect(env).toContain('RESULTS_FILE=repo/.agentship/dry-run/results.json');
    expect(readFileSync(join(workspace, 'junit.xml'), 'utf8')).toContain('tests="7" failures="0"');
    expect(JSON.parse(readFileSync(join(workspace, 'repo/.agentship/dry-run/results.json'), 'utf8')).totals.cases).toBe(7);
    expect(cache.saved).toHaveLength(1);
    expect(cache.saved[0].key).toMatch(/^agentship-dry-run-linux-all-[0-9a-f]{16}$/);
    expect(logs.some((l) => l.includes('Restored cassettes and results from cache agentship-dry-run-old'))).toBe(true);
  });

  it('prices the calls with the prices input over the list prices', async () => {
    const price = '{ input-per-mtok: 0, output-per-mtok: 1000 }';
    const workspace = makeTree({ 'prices.yaml': `models:\n  gpt-4o-mini: ${price}\n` });
    cpSync(EXAMPLES, join(workspace, 'repo'), { recursive: true });
    const env = { PATH: process.env.PATH };
    const inputs = { workspace, path: 'repo', prices: 'prices.yaml', env };
    const { result } = await runDryRunStage(localPlatform({ log: () => undefined }), inputs);
    const calls = result.cases.flatMap((c) => c.calls).filter((c) => c.model === 'gpt-4o-mini');
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.costUsd).toBeCloseTo((c.usage.output * 1000) / 1e6, 10);
  });

  it('fails the stage on a regression against a baseline file', async () => {
    const workspace = makeTree({});
    cpSync(EXAMPLES, join(workspace, 'repo'), { recursive: true });
    const baseline = { version: 1, kind: 'agentship-dry-run', mode: 'replay', startedAt: '', durationMs: 1, suites: [], totals: {}, cassettes: { dir: '', used: 0, recorded: 0, unused: [] }, findings: [], pass: true, cases: [{ id: 'triage/refund-answer-json', pass: true, score: 1, tokens: 10, costUsd: 0, latencyMs: 1 }] };
    writeFileSync(join(workspace, 'base.json'), JSON.stringify(baseline));
    const suite = join(workspace, 'repo/evals/triage.yaml');
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('- not-contains: password', '- contains: a word it never says'));
    const { failure, comparison } = await runDryRunStage(localPlatform({ log: () => undefined }), { workspace, path: 'repo', baseline: 'base.json', env: { PATH: process.env.PATH } });
    expect(comparison?.regressions).toBe(1);
    expect(failure).toBe('agentship dry-run failed: 1 of 7 cases failed and a suite is below its threshold; 1 regression against the baseline.');
  });
});

describe('dry-run stage inputs the CLI passes', () => {
  it('shard auto takes GitLab CI_NODE_INDEX/CI_NODE_TOTAL, elsewhere every case', async () => {
    const workspace = makeTree({});
    cpSync(EXAMPLES, join(workspace, 'repo'), { recursive: true });
    const platform = localPlatform({ log: () => undefined });
    const inputs = { workspace, path: 'repo', shard: 'auto', writeResults: false, grep: 'triage/' };
    const env = { PATH: process.env.PATH, CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3' };
    const sharded = await runDryRunStage(platform, { ...inputs, env });
    expect(sharded.result.shard).toEqual({ index: 2, total: 3 });
    const all = await runDryRunStage(platform, { ...inputs, env: { PATH: process.env.PATH } });
    expect(all.result.shard).toBeUndefined();
    expect(all.result.totals.cases).toBe(3);
    expect(existsSync(join(workspace, 'repo/.agentship/dry-run/results.json'))).toBe(false);
  });

  it('reads previous results only to compare with them; a stale broken one is ignored', async () => {
    const workspace = makeTree({});
    cpSync(EXAMPLES, join(workspace, 'repo'), { recursive: true });
    mkdirSync(join(workspace, 'repo/.agentship/dry-run'), { recursive: true });
    writeFileSync(join(workspace, 'repo/.agentship/dry-run/results.json'), '{"truncated": ');
    const platform = localPlatform({ log: () => undefined });
    const inputs = { workspace, path: 'repo', env: { PATH: process.env.PATH } };
    const { failure, comparison } = await runDryRunStage(platform, inputs);
    expect(failure).toBeUndefined();
    expect(comparison).toBeUndefined();
    await expect(runDryRunStage(platform, { ...inputs, baseline: 'missing.json' })).rejects.toThrow(
      'No such results file: missing.json',
    );
  });
});

describe('GitHub cache backend', () => {
  it('quietly does nothing where no cache service exists', async () => {
    const saved = { ...process.env };
    for (const name of ['ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RUNTIME_TOKEN']) delete process.env[name];
    try {
      const info: string[] = [];
      const cache = githubCache({ info: (m) => info.push(m), warning: (m) => info.push(`warning: ${m}`) });
      expect(cache.name).toBe('none');
      expect(await cache.restore(['x'], 'k', ['k'])).toBeUndefined();
      expect(await cache.save(['x'], 'k')).toBe(false);
      expect(info).toEqual(['The GitHub cache service is not available here; cassettes and results are not cached.']);
    } finally {
      process.env = saved;
    }
  });
});
