import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildBundle,
  chain,
  directoryStore,
  formatLedger,
  lastKnownGood,
  manifestText,
  planDeploy,
  planRollback,
  runRelease,
  verifyLedger,
  type LedgerDraft,
  type LedgerEntry,
  type Snapshot,
} from '@agentship/core/deploy';
import { at, draft } from './ledger-drafts.js';
import { makeTree } from '../helpers.js';
import { CONFIG_V1 } from './git-fixture.js';
import { createHash } from 'node:crypto';


describe('bundle', () => {
  it('is content-addressed: the digest is sha256 of the sha256sum-style manifest, and changes with any byte', () => {
    const a = makeTree({ ...CONFIG_V1, 'README.txt': 'not governed' });
    const b = makeTree(CONFIG_V1);
    const ba = buildBundle(a, { version: 'x', sourceCommit: 'none' });
    const bb = buildBundle(b, { version: 'y', sourceCommit: 'none' });
    expect(ba.digest).toBe(bb.digest);
    expect(ba.files.map((f) => f.path)).toEqual(['.claude/skills/triage/SKILL.md', '.claude/skills/triage/references/areas.md', '.mcp.json', 'AGENTS.md']);
    const manifest = manifestText(ba.files);
    expect(manifest.split('\n')[3]).toBe(`${createHash('sha256').update(CONFIG_V1['AGENTS.md']).digest('hex')}  AGENTS.md`);
    expect(ba.digest).toBe(`sha256:${createHash('sha256').update(manifest).digest('hex')}`);
    writeFileSync(join(b, 'AGENTS.md'), CONFIG_V1['AGENTS.md'] + ' ');
    expect(buildBundle(b).digest).not.toBe(ba.digest);
    chmodSync(join(b, '.mcp.json'), 0o755);
    expect(buildBundle(b).files.find((f) => f.path === '.mcp.json')!.executable).toBe(true);
  });
});

describe('ledger', () => {
  const entries = chain([], [draft('deploy', 'v1', 0), draft('promote', 'v1', 1), draft('deploy', 'v2', 5, { slot: 'green', weight: 10 })]);
  const text = formatLedger(entries);

  it('chains entries and verifies an untouched ledger', () => {
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[1].prev).toBe(entries[0].hash);
    const v = verifyLedger(text);
    expect(v.ok).toBe(true);
    expect(v.head).toBe(entries[2].hash);
  });

  it('detects an edited field, a removed entry, a reordering and a truncated tail', () => {
    const edited = text.replace('"weight":10', '"weight":50');
    expect(verifyLedger(edited).problems).toEqual([{ line: 3, message: expect.stringMatching(/entry 3 was edited/) }]);
    const lines = text.trimEnd().split('\n');
    expect(verifyLedger([lines[0], lines[2]].join('\n')).problems.map((p) => p.line)).toEqual([2, 2]);
    expect(verifyLedger([lines[1], lines[0], lines[2]].join('\n')).ok).toBe(false);
    expect(verifyLedger([lines[0], lines[1]].join('\n')).ok).toBe(true);
    expect(verifyLedger([lines[0], lines[1]].join('\n'), { expectHead: entries[2].hash }).problems[0].message).toMatch(/missing from the end/);
    expect(verifyLedger('{oops\n').problems[0]).toEqual({ line: 1, message: 'not valid JSON' });
  });
});

describe('last known good', () => {
  const ledger = (drafts: LedgerDraft[]): LedgerEntry[] => chain([], drafts);

  it('is the newest version promoted and healthy through its soak window', () => {
    const l = ledger([draft('promote', 'v1', 0), draft('promote', 'v2', 120), draft('promote', 'v3', 125)]);
    // v3 is excluded (being rolled back from); v2 served 5 minutes before v3 replaced it: not through a 30-minute soak.
    expect(lastKnownGood(l, 'production', { soakMs: 30 * 60_000, now: at(200), exclude: ['sha256:v3'] })?.version).toBe('v1');
    expect(lastKnownGood(l, 'production', { soakMs: 60_000, now: at(200), exclude: ['sha256:v3'] })?.version).toBe('v2');
    expect(lastKnownGood(l, 'staging', { soakMs: 0, now: at(200) })).toBeUndefined();
  });

  it('never picks a version that was rolled back from or judged rollback', () => {
    const l = ledger([draft('promote', 'v1', 0), draft('promote', 'v2', 60), draft('rollback', 'v1', 200, { from: { version: 'v2', digest: 'sha256:v2' } }), draft('verdict', 'v4', 300, { verdict: 'rollback' }), draft('promote', 'v4', 301)]);
    expect(lastKnownGood(l, 'production', { soakMs: 0, now: at(400) })?.version).toBe('v1');
  });
});

describe('release rules', () => {
  const bundle = (version: string) => ({ version, digest: `sha256:${version}`, files: [], root: '/nowhere' });
  const snapshot = (drafts: LedgerDraft[], states: Snapshot['states'] = {}): Snapshot => ({ ledger: chain([], drafts), states });

  it('the first deployment to an environment can require review', () => {
    expect(() => planDeploy(snapshot([]), { environment: 'production', bundle: bundle('v1'), strategy: 'blue-green', trigger: 't', requireReview: true, now: at(0) })).toThrow(/needs review/);
    const ok = planDeploy(snapshot([]), { environment: 'production', bundle: bundle('v1'), strategy: 'blue-green', trigger: 't', requireReview: true, approvedBy: 'alice', now: at(0) });
    expect('drafts' in ok && ok.drafts[0].approvedBy).toBe('alice');
    // Later deployments need none.
    const later = snapshot([draft('deploy', 'v1', 0)], { production: { environment: 'production', slots: { blue: { version: 'v1', digest: 'sha256:v1' } } } });
    expect('drafts' in planDeploy(later, { environment: 'production', bundle: bundle('v2'), strategy: 'blue-green', trigger: 't', requireReview: true, now: at(1) })).toBe(true);
  });

  it('refuses to overwrite the serving slot and weights outside (0, 100)', () => {
    const s = snapshot([draft('promote', 'v1', 0)], { production: { environment: 'production', slots: { blue: { version: 'v1', digest: 'sha256:v1', stored: 'x' } }, active: 'blue' } });
    expect(() => planDeploy(s, { environment: 'production', bundle: bundle('v2'), strategy: 'blue-green', slot: 'blue', trigger: 't', now: at(1) })).toThrow(/is serving/);
    expect(() => planDeploy(s, { environment: 'production', bundle: bundle('v2'), strategy: 'canary', weight: 100, trigger: 't', now: at(1) })).toThrow(/weight/);
  });

  it('at most one automatic rollback per incident; a manual one is still allowed', () => {
    const states: Snapshot['states'] = {
      production: { environment: 'production', slots: { blue: { version: 'v1', digest: 'sha256:v1', stored: 's1' }, green: { version: 'v2', digest: 'sha256:v2', stored: 's2' } }, active: 'blue', canary: { slot: 'green', weight: 10, salt: 's' } },
    };
    // v2 was rolled back automatically once (incident I), then deployed again as a canary.
    const s = snapshot(
      [draft('promote', 'v1', 0), draft('deploy', 'v2', 60, { slot: 'green' }), draft('rollback', 'v1', 70, { incident: 'production:sha256:v2', from: { version: 'v2', digest: 'sha256:v2' } }), draft('deploy', 'v2', 80, { slot: 'green' })],
      states,
    );
    const request = { environment: 'production', trigger: 'canary-compare', soakMs: 0, now: at(90) };
    expect(() => planRollback(s, { ...request, automatic: true })).toThrow(/already ran for incident production:sha256:v2/);
    const manual = planRollback(s, { ...request, automatic: false, trigger: 'manual' });
    expect('drafts' in manual && manual.drafts[0]).toMatchObject({ action: 'rollback', version: 'v1', incident: undefined });
  });
});

describe('directory target', () => {
  it('releases into folders a runtime reads, keeps the ledger beside them, and rolls back', async () => {
    const src = makeTree(CONFIG_V1);
    const out = makeTree({});
    const store = directoryStore(out);
    const v1 = buildBundle(src, { version: 'v1', sourceCommit: 'c1' });
    await runRelease(store, (s) => planDeploy(s, { environment: 'staging', bundle: v1, strategy: 'direct', trigger: 't', now: at(0) }));
    writeFileSync(join(src, 'AGENTS.md'), '# Agents\n\nv2\n');
    const v2 = buildBundle(src, { version: 'v2', sourceCommit: 'c2' });
    await runRelease(store, (s) => planDeploy(s, { environment: 'staging', bundle: v2, strategy: 'canary', weight: 25, trigger: 't', now: at(60) }));
    const release = JSON.parse(readFileSync(join(out, 'staging/active/.agentship/release.json'), 'utf8'));
    expect(release.canary).toMatchObject({ slot: 'green', weight: 25, version: 'v2', hashVersion: 1 });
    expect(readFileSync(join(out, 'staging/green/AGENTS.md'), 'utf8')).toContain('v2');
    expect(existsSync(join(out, `bundles/${v1.digest.slice(7)}/.agentship/bundle.json`))).toBe(true);

    const rolled = await runRelease(store, (s) => planRollback(s, { environment: 'staging', trigger: 'manual', automatic: false, soakMs: 30 * 60_000, now: at(70) }));
    expect(rolled.summary).toMatch(/from v2 to v1/);
    const after = JSON.parse(readFileSync(join(out, 'staging/active/.agentship/release.json'), 'utf8'));
    expect(after.active.version).toBe('v1');
    expect(after.canary).toBeUndefined();
    expect(readFileSync(join(out, 'staging/active/AGENTS.md'), 'utf8')).toBe(CONFIG_V1['AGENTS.md']);
    const ledger = verifyLedger(readFileSync(join(out, 'ledger.jsonl'), 'utf8'));
    expect(ledger.ok).toBe(true);
    expect(ledger.entries.map((e) => e.action)).toEqual(['deploy', 'promote', 'deploy', 'rollback']);

    // An edited ledger stops every later write.
    writeFileSync(join(out, 'ledger.jsonl'), readFileSync(join(out, 'ledger.jsonl'), 'utf8').replace('"weight":25', '"weight":5'));
    await expect(store.read()).rejects.toThrow(/ledger.jsonl:3: entry 3 was edited/);
  });
});
