// Behaviour of the bundle and the release ledger that the mutation run (npm run mutation --
// deploy, docs/quality.md) showed no test pinned down.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleManifest, buildBundle, chain, formatLedger, verifyLedger, type LedgerDraft } from '@agentship/core/deploy';
import { makeTree } from '../helpers.js';

const draft = (version: string): LedgerDraft => ({ time: '2026-03-01T10:00:00Z', action: 'deploy', environment: 'production', slot: 'blue', version, digest: `sha256:${version}`, trigger: 'ci' });

describe('buildBundle', () => {
  it('leaves out a governed path whose symlink points nowhere, instead of failing', () => {
    const root = makeTree({ 'AGENTS.md': '# Agents\n\nBe brief.\n' });
    symlinkSync('AGENT.md', join(root, 'CLAUDE.md'));
    const bundle = buildBundle(root, { version: 'v1' });
    expect(bundle.files.map((f) => f.path)).toEqual(['AGENTS.md']);
    expect(bundleManifest(bundle).endsWith('}\n')).toBe(true);
  });
});

describe('verifyLedger', () => {
  it('a blank line of spaces is no entry', () => {
    const text = formatLedger(chain([], [draft('v1'), draft('v2')]));
    expect(verifyLedger(`${text}   \n\n`)).toMatchObject({ ok: true, problems: [] });
  });

  it('a jump in the sequence is reported once, at the jump', () => {
    const [first] = chain([], [draft('v1')]);
    // Entries 5 and 6 chained onto the first as if it were entry 4: hashes and links are right.
    const rest = chain([{ ...first, seq: 4 }], [draft('v2'), draft('v3')]);
    expect(verifyLedger(formatLedger([first, ...rest])).problems).toEqual([{ line: 2, message: 'sequence jumps from 1 to 5' }]);
  });

  it('says which entry lost its link, with 12 characters of each hash', () => {
    const [a, b, c] = chain([], [draft('v1'), draft('v2'), draft('v3')]);
    const { problems } = verifyLedger(formatLedger([a, c]));
    expect(problems).toContainEqual({
      line: 2,
      message: `entry 3 does not follow the entry before it (prev ${b.hash.slice(0, 12)}…, expected ${a.hash.slice(0, 12)}…): an entry was removed, inserted or reordered`,
    });
  });

  it('the expected head passes when it is the last hash, and names both hashes when it is not', () => {
    const entries = chain([], [draft('v1'), draft('v2')]);
    const text = formatLedger(entries);
    const head = entries[1].hash;
    expect(verifyLedger(text, { expectHead: head })).toMatchObject({ ok: true, head });
    const cut = verifyLedger(formatLedger(entries.slice(0, 1)), { expectHead: head });
    expect(cut.problems).toEqual([{ line: 0, message: `the last entry's hash is ${entries[0].hash.slice(0, 12)}…, expected ${head.slice(0, 12)}…: entries are missing from the end` }]);
  });
});
