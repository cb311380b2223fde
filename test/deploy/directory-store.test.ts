import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, ConflictError, directoryStore, planDeploy, planPromote, planRollback, runRelease, verifyLedger } from '@agentship/core/deploy';
import { makeTree } from '../helpers.js';
import { CONFIG_V1 } from './git-fixture.js';
import { at } from './ledger-drafts.js';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('directory target: compare-and-swap and what a runtime sees', () => {
  it('a blue-green deploy to a new environment serves nothing yet; a writer that planned on a stale read loses and writes nothing', async () => {
    const out = makeTree({});
    const store = directoryStore(out);
    const v1 = buildBundle(makeTree(CONFIG_V1), { version: 'v1', sourceCommit: 'c1' });
    await runRelease(store, (s) => planDeploy(s, { environment: 'staging', bundle: v1, strategy: 'blue-green', trigger: 't', now: at(0) }));
    expect(readFileSync(join(out, 'staging/blue/AGENTS.md'), 'utf8')).toBe(CONFIG_V1['AGENTS.md']);
    expect(existsSync(join(out, 'staging/active'))).toBe(false);
    expect(json(join(out, 'environments/staging.json'))).toEqual({ environment: 'staging', slots: { blue: { version: 'v1', digest: v1.digest, sourceCommit: 'c1', stored: `bundles/${v1.digest.slice(7)}` } } });

    const stale = await store.read();
    await runRelease(store, (s) => planPromote(s, { environment: 'staging', trigger: 'first', now: at(1) }));
    const ledgerBefore = readFileSync(join(out, 'ledger.jsonl'), 'utf8');
    const late = planPromote(stale, { environment: 'staging', trigger: 'late', now: at(2) });
    if ('noChange' in late) throw new Error('expected a plan');
    const attempt = store.apply(stale, late);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(/^Another release changed .* while this one ran \(ledger head [0-9a-f]{12}…, planned on [0-9a-f]{12}…\)\. Nothing was written\.$/);
    expect(readFileSync(join(out, 'ledger.jsonl'), 'utf8')).toBe(ledgerBefore);
    expect(existsSync(join(out, '.agentship.lock'))).toBe(false);
  });

  it('a held lock is a conflict after the given attempts, and the loser leaves the lock to its owner', async () => {
    const out = makeTree({ '.agentship.lock': '' });
    const store = directoryStore(out, { lockAttempts: 2 });
    const v1 = buildBundle(makeTree(CONFIG_V1), { version: 'v1', sourceCommit: 'c1' });
    const attempt = runRelease(store, (s) => planDeploy(s, { environment: 'staging', bundle: v1, strategy: 'direct', trigger: 't', now: at(0) }));
    await expect(attempt).rejects.toThrow(`${join(out, '.agentship.lock')} is held by another release; if no release is running, delete it.`);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(existsSync(join(out, '.agentship.lock'))).toBe(true);
    expect(existsSync(join(out, 'ledger.jsonl'))).toBe(false);
  });

  it('one bundle deployed to two environments is stored once', async () => {
    const out = makeTree({});
    const store = directoryStore(out);
    const v1 = buildBundle(makeTree(CONFIG_V1), { version: 'v1', sourceCommit: 'c1' });
    for (const environment of ['staging', 'production']) await runRelease(store, (s) => planDeploy(s, { environment, bundle: v1, strategy: 'direct', trigger: 't', now: at(0) }));
    expect(readdirSync(join(out, 'bundles'))).toEqual([v1.digest.slice(7)]);
    expect(readFileSync(join(out, 'production/active/.claude/skills/triage/SKILL.md'), 'utf8')).toBe(CONFIG_V1['.claude/skills/triage/SKILL.md']);
    const ledger = verifyLedger(readFileSync(join(out, 'ledger.jsonl'), 'utf8'));
    expect(new Set(ledger.entries.map((e) => e.stored))).toEqual(new Set([`bundles/${v1.digest.slice(7)}`]));
  });

  it('rolls back to a known-good version no slot holds any more, from where its bundle is stored', async () => {
    const out = makeTree({});
    const store = directoryStore(out);
    const src = makeTree(CONFIG_V1);
    const release = (version: string, min: number) => {
      writeFileSync(join(src, 'AGENTS.md'), `# Agents\n\n${version}\n`);
      const b = buildBundle(src, { version, sourceCommit: version });
      return runRelease(store, (s) => planDeploy(s, { environment: 'production', bundle: b, strategy: 'direct', trigger: 't', now: at(min) }));
    };
    await release('v1', 0); // blue, serves 100 minutes
    await release('v2', 100); // green, serves 10 minutes: not through a 30-minute soak
    await release('v3', 110); // blue again: v1's files are gone from both slots
    const rolled = await runRelease(store, (s) => planRollback(s, { environment: 'production', trigger: 'manual', automatic: false, soakMs: 30 * 60_000, now: at(120) }));
    expect(rolled.summary).toBe('Rolled production back from v3 to v1 (green).');
    expect(readFileSync(join(out, 'production/active/AGENTS.md'), 'utf8')).toBe('# Agents\n\nv1\n');
    expect(json(join(out, 'production/green/.agentship/bundle.json')).version).toBe('v1');
    expect(json(join(out, 'production/active/.agentship/release.json')).active).toMatchObject({ slot: 'green', version: 'v1' });
  });

  it('a line that is JSON but not a ledger entry stops every later write', async () => {
    const out = makeTree({});
    const store = directoryStore(out);
    const v1 = buildBundle(makeTree(CONFIG_V1), { version: 'v1', sourceCommit: 'c1' });
    await runRelease(store, (s) => planDeploy(s, { environment: 'staging', bundle: v1, strategy: 'direct', trigger: 't', now: at(0) }));
    appendFileSync(join(out, 'ledger.jsonl'), '{"action":"promote","version":"forged"}\n');
    await expect(store.read()).rejects.toThrow(`${join(out, 'ledger.jsonl')}:3: not a ledger entry (no hash); refusing to write on top of an edited ledger.`);
  });
});
