import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/engine/index.js';
import { configRules } from '../../../src/rules/config/index.js';
import { makeTree } from '../../../../../test/helpers.js';

function findingsOf(root: string): string[] {
  return validate(root, { rules: configRules }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'} ${f.severity} ${f.message}`);
}

describe('config/symlink', () => {
  it('reports a link out of the repository and links that loop, and follows none of them', () => {
    const outside = mkdtempSync(join(tmpdir(), 'agentship-outside-'));
    writeFileSync(join(outside, 'AGENTS.md'), '# Someone else\'s rules\n');
    const root = makeTree({ 'AGENTS.md': '# Rules\n', 'docs/guide.md': '# Guide\n' });
    symlinkSync(outside, join(root, 'shared'));
    symlinkSync('..', join(root, 'docs/up')); // a folder that contains itself
    symlinkSync('ping', join(root, 'pong')); // pong -> ping -> pong: ELOOP
    symlinkSync('pong', join(root, 'ping'));
    symlinkSync('AGENTS.md', join(root, 'CLAUDE.md')); // inside and fine: no finding
    expect(findingsOf(root)).toEqual([
      'config/symlink docs/up:- error Symbolic link forms a loop (..); it was not followed.',
      'config/symlink ping:- error Symbolic link forms a loop (pong); it was not followed.',
      'config/symlink pong:- error Symbolic link forms a loop (ping); it was not followed.',
      `config/symlink shared:- error Symbolic link points outside the repository (${outside}); it was not followed.`,
    ]);
    // Not followed: the instruction file behind the link outside is not part of the workspace.
    expect(validate(root, { rules: configRules }).workspace.instructions.map((i) => i.file.path).sort()).toEqual(['AGENTS.md', 'CLAUDE.md']);
  });

  it('leaves a broken link to instructions/broken-symlink', () => {
    const root = makeTree({ 'AGENTS.md': '# Rules\n' });
    symlinkSync('gone.md', join(root, 'notes.md'));
    expect(findingsOf(root)).toEqual([]);
  });
});
