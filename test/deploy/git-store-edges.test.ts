import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, ConflictError, gitStore, planDeploy, planRollback, readGitLedger, runRelease, verifyLedger, type Plan } from '@agentship/core/deploy';
import { makeTree } from '../helpers.js';
import { commitChange, CONFIG_V1, gitFixture, sh } from './git-fixture.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (min: number) => new Date(t0 + min * 60_000);

function asPlan(p: Plan | { noChange: true; summary: string }): Plan {
  if ('noChange' in p) throw new Error(`expected a plan, got no change: ${p.summary}`);
  return p;
}

/** Points refs/agentship/ledger of repo at a commit whose ledger.jsonl is `text` (a hand edit, as an attacker or a mistake would make it). */
function rewriteLedger(repo: string, text: string): void {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: repo, input, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@localhost' } }).trim();
  const blob = git(['hash-object', '-w', '--stdin'], text);
  const listing = git(['ls-tree', 'refs/agentship/ledger'])
    .split('\n')
    .map((line) => (line.endsWith('\tledger.jsonl') ? `100644 blob ${blob}\tledger.jsonl` : line))
    .join('\n');
  const tree = git(['mktree'], listing + '\n');
  const commit = git(['commit-tree', tree, '-p', 'refs/agentship/ledger', '-m', 'edit the ledger']);
  git(['update-ref', 'refs/agentship/ledger', commit]);
}

describe('git ref target: refusals and edges', () => {
  it('an edited ledger in the ledger ref stops every later write; a ledger ref without a ledger is an error naming the path', async () => {
    const { a } = gitFixture();
    const store = gitStore({ repo: a });
    await runRelease(store, (s) => planDeploy(s, { environment: 'dev', bundle: buildBundle(a, { version: 'v1' }), strategy: 'direct', trigger: 't', now: at(0) }));
    const text = (await readGitLedger({ repo: a }))!;
    rewriteLedger(a, text.replace('"weight":100', '"weight":50'));
    await expect(store.read()).rejects.toThrow('The ledger in refs/agentship/ledger fails verification (entry 2 was edited: its hash does not match its content at line 2); refusing to write on top of it.');
    expect(verifyLedger((await readGitLedger({ repo: a }))!).ok).toBe(false);

    sh(a, 'update-ref', 'refs/agentship/ledger', 'HEAD');
    await expect(store.read()).rejects.toThrow(/^git cat-file failed in .*: fatal: path 'ledger\.jsonl' does not exist/);
    expect(await readGitLedger({ repo: a })).toBeUndefined();
  });

  it('readGitLedger through a remote: undefined before the first release and for a ref without a ledger, the text after', async () => {
    const { a, b } = gitFixture();
    expect(await readGitLedger({ repo: b, remote: 'origin' })).toBeUndefined();
    await runRelease(gitStore({ repo: a, remote: 'origin' }), (s) => planDeploy(s, { environment: 'staging', bundle: buildBundle(a, { version: 'v1' }), strategy: 'blue-green', trigger: 't', now: at(0) }));
    const text = await readGitLedger({ repo: b, remote: 'origin' });
    expect(verifyLedger(text!).entries.map((e) => `${e.action}:${e.version}`)).toEqual(['deploy:v1']);
    sh(a, 'push', '-q', '--force', 'origin', 'HEAD:refs/agentship/ledger');
    expect(await readGitLedger({ repo: b, remote: 'origin' })).toBeUndefined();
  });

  it('a remote that cannot be fetched is an error naming it', async () => {
    const { base, a } = gitFixture();
    const missing = join(base, 'missing.git');
    await expect(gitStore({ repo: a, remote: missing }).read()).rejects.toThrow(new RegExp(`^git fetch from ${missing.replace(/[/.]/g, '\\$&')} failed: fatal: `));
  });

  it('a push the remote refuses for another reason is an error, not a conflict, and is not retried', async () => {
    const { bare, a } = gitFixture();
    const hook = join(bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "agentship refs are frozen" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    let plans = 0;
    const attempt = runRelease(
      gitStore({ repo: a, remote: 'origin' }),
      (s) => {
        plans++;
        return planDeploy(s, { environment: 'production', bundle: buildBundle(a, { version: 'v1' }), strategy: 'direct', trigger: 't', now: at(0) });
      },
      { attempts: 3 },
    );
    await expect(attempt).rejects.toThrow(/^git push to origin failed: .*agentship refs are frozen/s);
    await expect(attempt).rejects.not.toBeInstanceOf(ConflictError);
    expect(plans).toBe(1);
    expect(() => sh(bare, 'rev-parse', '--verify', '-q', 'refs/agentship/ledger')).toThrow();
  });

  it('two runs writing the very same release at the same second: the second is told, not reported as a write', async () => {
    const { bare, a, b } = gitFixture();
    // The same files, plan and second give byte-identical commits on both sides.
    const sameSecond = { GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' };
    const storeA = gitStore({ repo: a, remote: 'origin', env: sameSecond });
    const storeB = gitStore({ repo: b, remote: 'origin', env: sameSecond });
    const [snapA, snapB] = await Promise.all([storeA.read(), storeB.read()]);
    const plan = (s: typeof snapA, repo: string) => asPlan(planDeploy(s, { environment: 'production', bundle: buildBundle(repo, { version: 'v1' }), strategy: 'direct', trigger: 'ci', now: at(0) }));
    const written = await storeA.apply(snapA, plan(snapA, a));
    expect(written).toHaveLength(2);
    const second = storeB.apply(snapB, plan(snapB, b));
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow('Another run wrote the same release to origin at the same moment; nothing more was written.');
    expect(verifyLedger(sh(bare, 'show', 'refs/agentship/ledger:ledger.jsonl')).entries).toHaveLength(2);
  });

  it('keeps executable files executable in the slot and the served tree', async () => {
    const { a } = gitFixture();
    writeFileSync(join(a, '.claude/skills/triage/run.sh'), '#!/bin/sh\necho triage\n');
    chmodSync(join(a, '.claude/skills/triage/run.sh'), 0o755);
    const bundle = buildBundle(a, { version: 'v1' });
    expect(bundle.files.find((f) => f.path.endsWith('run.sh'))?.executable).toBe(true);
    await runRelease(gitStore({ repo: a }), (s) => planDeploy(s, { environment: 'dev', bundle, strategy: 'direct', trigger: 't', now: at(0) }));
    for (const ref of ['refs/agentship/dev/blue', 'refs/agentship/dev/active']) {
      expect(sh(a, 'ls-tree', ref, '.claude/skills/triage/run.sh')).toMatch(/^100755 blob /);
      expect(sh(a, 'ls-tree', ref, 'AGENTS.md')).toMatch(/^100644 blob /);
    }
  });

  it('a configuration with no governed files deploys as a slot holding only its manifest', async () => {
    const { a } = gitFixture();
    const empty = buildBundle(makeTree({ 'notes.txt': 'not agent configuration' }), { version: 'empty', sourceCommit: 'none' });
    expect(empty.files).toEqual([]);
    await runRelease(gitStore({ repo: a }), (s) => planDeploy(s, { environment: 'dev', bundle: empty, strategy: 'blue-green', trigger: 't', now: at(0) }));
    expect(sh(a, 'ls-tree', '-r', '--name-only', 'refs/agentship/dev/blue')).toBe('.agentship/bundle.json');
  });

  it('rolls back to a known-good version no slot holds any more, by re-committing its stored tree', async () => {
    const { a } = gitFixture();
    const store = gitStore({ repo: a });
    const release = async (version: string, min: number) => {
      if (version !== 'v1') commitChange(a, { 'AGENTS.md': `# Agents\n\n${version}\n` }, version);
      await runRelease(store, (s) => planDeploy(s, { environment: 'dev', bundle: buildBundle(a, { version }), strategy: 'direct', trigger: 't', now: at(min) }));
    };
    await release('v1', 0);
    const v1Tree = sh(a, 'rev-parse', 'refs/agentship/dev/blue^{tree}');
    await release('v2', 100);
    await release('v3', 110);
    const rolled = await runRelease(store, (s) => planRollback(s, { environment: 'dev', trigger: 'manual', automatic: false, soakMs: 30 * 60_000, now: at(120) }));
    expect(rolled.summary).toBe('Rolled dev back from v3 to v1 (green).');
    expect(sh(a, 'rev-parse', 'refs/agentship/dev/green^{tree}')).toBe(v1Tree);
    expect(sh(a, 'log', '-1', '--format=%s', 'refs/agentship/dev/green')).toBe('agentship: rollback v1 to dev/green');
    expect(sh(a, 'show', 'refs/agentship/dev/active:AGENTS.md')).toBe(CONFIG_V1['AGENTS.md'].trim());
    const entry = rolled.entries[0];
    expect(entry).toMatchObject({ action: 'rollback', version: 'v1', stored: sh(a, 'rev-parse', 'refs/agentship/dev/green') });
  });
});
