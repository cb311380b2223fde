import { describe, expect, it } from 'vitest';
import {
  buildBundle,
  ConflictError,
  gitStore,
  planDeploy,
  planPromote,
  planRollback,
  readGitLedger,
  ReleaseRefusal,
  runRelease,
  verifyLedger,
} from '@agentship/core/deploy';
import { commitChange, gitFixture, sh } from './git-fixture.js';

const now = new Date('2026-01-01T00:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('git ref target on a bare remote', () => {
  it('deploys to a slot, promotes, and the remote refs hold the bundle, the release and the ledger', async () => {
    const { bare, a } = gitFixture();
    const store = gitStore({ repo: a, remote: 'origin' });
    const bundle = buildBundle(a, { version: 'v1' });
    const deployed = await runRelease(store, (s) => planDeploy(s, { environment: 'production', bundle, strategy: 'blue-green', trigger: 'test', now }));
    expect(deployed.changed).toBe(true);
    const blue = sh(bare, 'rev-parse', 'refs/agentship/production/blue');
    expect(sh(bare, 'show', `${blue}:AGENTS.md`)).toContain('Be brief');
    expect(JSON.parse(sh(bare, 'show', `${blue}:.agentship/bundle.json`)).digest).toBe(bundle.digest);
    expect(() => sh(bare, 'rev-parse', '--verify', '-q', 'refs/agentship/production/active')).toThrow();

    await runRelease(store, (s) => planPromote(s, { environment: 'production', trigger: 'test', now }));
    const release = JSON.parse(sh(bare, 'show', 'refs/agentship/production/active:.agentship/release.json'));
    expect(release.active).toMatchObject({ slot: 'blue', version: 'v1', digest: bundle.digest });
    expect(sh(bare, 'rev-parse', 'refs/agentship/production/active^{tree}')).not.toBe(sh(bare, 'rev-parse', `${blue}^{tree}`));
    expect(sh(bare, 'show', 'refs/agentship/production/active:.claude/skills/triage/references/areas.md')).toContain('api');

    const ledger = verifyLedger(sh(bare, 'show', 'refs/agentship/ledger:ledger.jsonl'));
    expect(ledger.ok).toBe(true);
    expect(ledger.entries.map((e) => `${e.action}:${e.slot}:${e.version}`)).toEqual(['deploy:blue:v1', 'promote:blue:v1']);
    expect(ledger.entries[0].stored).toBe(blue);
  });

  it('the same files give the same digest in two clones, and a re-deploy of the same bundle changes nothing', async () => {
    const { a, b } = gitFixture();
    expect(buildBundle(a).digest).toBe(buildBundle(b).digest);
    const store = gitStore({ repo: a, remote: 'origin' });
    const bundle = buildBundle(a, { version: 'v1' });
    const deploy = () => runRelease(store, (s) => planDeploy(s, { environment: 'staging', bundle, strategy: 'blue-green', trigger: 'test', now }));
    expect((await deploy()).changed).toBe(true);
    const again = await deploy();
    expect(again.changed).toBe(false);
    expect(again.summary).toMatch(/already holds v1/);
  });

  it('two clones deploying at once: exactly one wins, the other gets a conflict and nothing of it is written', async () => {
    const { bare, a, b } = gitFixture();
    commitChange(b, { 'AGENTS.md': '# Agents\n\nBe thorough.\n' }, 'v2');
    const fromA = buildBundle(a, { version: 'from-a' });
    const fromB = buildBundle(b, { version: 'from-b' });
    const deploy = (repo: string, bundle: typeof fromA) =>
      runRelease(gitStore({ repo, remote: 'origin' }), (s) => planDeploy(s, { environment: 'production', bundle, strategy: 'blue-green', trigger: repo, now }));
    const results = await Promise.allSettled([deploy(a, fromA), deploy(b, fromB)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    expect(String(lost[0].reason.message)).toMatch(/compare-and-swap/);
    const ledger = verifyLedger(sh(bare, 'show', 'refs/agentship/ledger:ledger.jsonl'));
    expect(ledger.ok).toBe(true);
    expect(ledger.entries).toHaveLength(1);
    const winner = ledger.entries[0].version;
    const blueManifest = JSON.parse(sh(bare, 'show', 'refs/agentship/production/blue:.agentship/bundle.json'));
    expect(blueManifest.version).toBe(winner);
  });

  it('two rollbacks racing: one rolls back, the other re-reads and finds nothing left to do', async () => {
    const { bare, a, b } = gitFixture();
    const storeA = gitStore({ repo: a, remote: 'origin' });
    const v1 = buildBundle(a, { version: 'v1' });
    await runRelease(storeA, (s) => planDeploy(s, { environment: 'production', bundle: v1, strategy: 'direct', trigger: 'test', now }));
    commitChange(a, { 'AGENTS.md': '# Agents\n\nSkip the tests.\n' }, 'v2');
    const v2 = buildBundle(a, { version: 'v2' });
    await runRelease(storeA, (s) => planDeploy(s, { environment: 'production', bundle: v2, strategy: 'canary', weight: 20, trigger: 'test', now: later(90) }));
    const rollback = (repo: string) =>
      runRelease(gitStore({ repo, remote: 'origin' }), (s) => planRollback(s, { environment: 'production', trigger: 'canary-compare', automatic: true, soakMs: 3_600_000, now: later(100) }), { attempts: 5 });
    const [x, y] = await Promise.all([rollback(a), rollback(b)]);
    expect([x.changed, y.changed].sort()).toEqual([false, true]);
    const ledger = verifyLedger(sh(bare, 'show', 'refs/agentship/ledger:ledger.jsonl'));
    expect(ledger.ok).toBe(true);
    expect(ledger.entries.filter((e) => e.action === 'rollback')).toHaveLength(1);
    const release = JSON.parse(sh(bare, 'show', 'refs/agentship/production/active:.agentship/release.json'));
    expect(release.active.version).toBe('v1');
    expect(release.canary).toBeUndefined();
    expect(sh(bare, 'show', 'refs/agentship/production/active:AGENTS.md')).toContain('Be brief');
  });

  it('refuses a rollback when no version is known good, and writes nothing', async () => {
    const { bare, a } = gitFixture();
    const store = gitStore({ repo: a, remote: 'origin' });
    const v1 = buildBundle(a, { version: 'v1' });
    await runRelease(store, (s) => planDeploy(s, { environment: 'production', bundle: v1, strategy: 'direct', trigger: 'test', now }));
    // Promoted a minute ago: not through a one-hour soak window yet.
    await expect(runRelease(store, (s) => planRollback(s, { environment: 'production', trigger: 'manual', automatic: false, soakMs: 3_600_000, now: later(1) }))).rejects.toThrow(ReleaseRefusal);
    expect(verifyLedger(sh(bare, 'show', 'refs/agentship/ledger:ledger.jsonl')).entries).toHaveLength(2);
  });

  it('works without a remote, with update-ref transactions in the repository itself', async () => {
    const { a } = gitFixture();
    const store = gitStore({ repo: a });
    const v1 = buildBundle(a, { version: 'v1' });
    await runRelease(store, (s) => planDeploy(s, { environment: 'dev', bundle: v1, strategy: 'direct', trigger: 'test', now }));
    const stale = await store.read();
    commitChange(a, { 'AGENTS.md': '# Agents\n\nv2\n' }, 'v2');
    const v2 = buildBundle(a, { version: 'v2' });
    await runRelease(store, (s) => planDeploy(s, { environment: 'dev', bundle: v2, strategy: 'blue-green', trigger: 'test', now }));
    // A writer that planned on the older snapshot loses the compare-and-swap.
    const plan = planDeploy(stale, { environment: 'dev', bundle: { ...v2, version: 'late' }, strategy: 'canary', weight: 5, trigger: 'late', now });
    expect('noChange' in plan).toBe(false);
    await expect(store.apply(stale, plan as Exclude<typeof plan, { noChange: true }>)).rejects.toThrow(ConflictError);
    const text = await readGitLedger({ repo: a });
    expect(verifyLedger(text!).entries.map((e) => e.version)).toEqual(['v1', 'v1', 'v2']);
  });
});
