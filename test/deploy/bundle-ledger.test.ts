import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, canonicalJson, chain, entryHash, formatLedger, manifestText, sourceCommitOf, verifyLedger, type LedgerDraft, type LedgerEntry } from '@agentship/core/deploy';
import { makeTree } from '../helpers.js';
import { CONFIG_V1, sh } from './git-fixture.js';

describe('bundle identity', () => {
  it('the manifest lists paths in byte order (as sha256sum and LC_ALL=C sort do), not in locale order', () => {
    const file = (path: string) => ({ path, sha256: 'ab', size: 1 });
    const text = manifestText([file('b.md'), file('B.md'), file('a/x.md'), file('A.md'), file('_.md')]);
    expect(text.split('\n').filter(Boolean).map((l) => l.slice(4))).toEqual(['A.md', 'B.md', '_.md', 'a/x.md', 'b.md']);
  });

  it('the version defaults to the source commit, or to the digest outside git or before the first commit', () => {
    const inGit = makeTree(CONFIG_V1);
    execFileSync('git', ['init', '-q', '-b', 'main', inGit]);
    expect(sourceCommitOf(inGit)).toBeUndefined(); // no commit yet
    expect(buildBundle(inGit).version).toBe(buildBundle(inGit).digest.slice(7, 19));
    sh(inGit, 'add', '-A');
    sh(inGit, 'commit', '-q', '-m', 'v1');
    const head = sh(inGit, 'rev-parse', 'HEAD');
    expect(sourceCommitOf(inGit)).toBe(head);
    expect(buildBundle(inGit)).toMatchObject({ version: head.slice(0, 12), sourceCommit: head });
    expect(sourceCommitOf(makeTree(CONFIG_V1))).toBeUndefined();
  });

  it('leaves out what is not a regular file (a named pipe in a skill folder), without blocking on it', () => {
    const root = makeTree(CONFIG_V1);
    execFileSync('mkfifo', [join(root, '.claude/skills/triage/references/pipe')]);
    const bundle = buildBundle(root, { version: 'v1', sourceCommit: 'none' });
    expect(bundle.files.map((f) => f.path)).toEqual(['.claude/skills/triage/SKILL.md', '.claude/skills/triage/references/areas.md', '.mcp.json', 'AGENTS.md']);
    expect(bundle.digest).toBe(buildBundle(makeTree(CONFIG_V1), { version: 'v1', sourceCommit: 'none' }).digest);
  });
});

describe('ledger bytes and tampering', () => {
  const draft = (version: string, minute: number): LedgerDraft => ({ time: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), action: 'deploy', environment: 'production', slot: 'blue', version, digest: `sha256:${version}`, trigger: 't' });

  it('canonical JSON sorts keys at every level, inside arrays too, keeps array order and leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined, b: 'x' }, 2], c: { z: null, y: true } })).toBe('{"a":[{"b":"x","d":1},2],"b":1,"c":{"y":true,"z":null}}');
    // The hash is over those bytes: key order in the file does not matter, content does.
    const [entry] = chain([], [draft('v1', 0)]);
    const { hash, ...body } = entry;
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as Omit<LedgerEntry, 'hash'>;
    expect(entryHash(reordered)).toBe(hash);
  });

  it('a line that is JSON but not an entry is named; the lines after it still chain', () => {
    const entries = chain([], [draft('v1', 0), draft('v2', 1)]);
    const lines = formatLedger(entries).trimEnd().split('\n');
    const v = verifyLedger([lines[0], '42', 'null', lines[1]].join('\n'));
    expect(v.problems).toEqual([
      { line: 2, message: 'not a ledger entry (no hash)' },
      { line: 3, message: 'not a ledger entry (no hash)' },
    ]);
    expect(v.entries).toHaveLength(2);
  });

  it('a forged entry with a non-numeric seq (and a recomputed hash) is one problem, not a cascade over the lines after it', () => {
    const [first] = chain([], [draft('v1', 0)]);
    const forgedBody = { ...draft('v2', 1), seq: 'two' as unknown as number, prev: first.hash };
    const forged = { ...forgedBody, hash: entryHash(forgedBody) } as LedgerEntry;
    const thirdBody = { ...draft('v3', 2), seq: 3, prev: forged.hash };
    const third = { ...thirdBody, hash: entryHash(thirdBody) } as LedgerEntry;
    const v = verifyLedger(formatLedger([first, forged, third]));
    expect(v.problems).toEqual([{ line: 2, message: 'sequence jumps from 1 to two' }]);
    expect(v.head).toBe(third.hash);
  });
});
