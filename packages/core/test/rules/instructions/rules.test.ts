import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/engine/index.js';
import { instructionsRules } from '../../../src/rules/instructions/index.js';
import { budgetRules } from '../../../src/rules/budget/index.js';
import { CORPUS, makeTree, REPO_ROOT } from '../../../../../test/helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/instructions');
// The budget rules run too: the clean fixture passes both families.
const rules = [...instructionsRules, ...budgetRules];

/** Findings of the instructions and budget rules as "rule file:line severity". */
function findingsOf(root: string): string[] {
  return validate(root, { rules }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'} ${f.severity}`);
}

function messagesOf(root: string, ruleId: string): string[] {
  return validate(root, { rules }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
}

describe('instructions/ rules on their fixtures (one broken case each)', () => {
  it('codex-chain-size: the chain for agents/triage crosses project_doc_max_bytes = 600', () => {
    expect(findingsOf(join(FIXTURES, 'codex-chain-size'))).toEqual(['instructions/codex-chain-size agents/triage/AGENTS.md:5 warning']);
    expect(messagesOf(join(FIXTURES, 'codex-chain-size'), 'instructions/codex-chain-size')[0]).toBe(
      'Codex stops reading instruction files at project_doc_max_bytes = 600 in .codex/config.toml: the chain for agents/triage is 883 bytes, so this file is cut after line 5. Move detail into files the agent reads on demand, or split the chain.',
    );
  });

  it('codex-chain-size: the default 32 KiB, one report where several chains cross, and the files left out', () => {
    const big = '# Rules\n' + 'Keep every change small and tested.\n'.repeat(1000);
    const root = makeTree({ 'AGENTS.md': big, 'a/AGENTS.md': 'a\n', 'b/AGENTS.md': 'b\n' });
    expect(findingsOf(root).filter((f) => f.includes('codex'))).toEqual(['instructions/codex-chain-size AGENTS.md:911 warning']);
    const [message] = messagesOf(root, 'instructions/codex-chain-size');
    expect(message).toContain('project_doc_max_bytes, 32768 bytes by default: the chain for the root folder, a, b is 36010 bytes');
    expect(message).toContain('and a/AGENTS.md, b/AGENTS.md are not loaded');
    // Exactly 32,768 bytes fits (words, not one long run: the tokenizer is slow on those).
    expect(findingsOf(makeTree({ 'AGENTS.md': 'word '.repeat(6553) + 'abc', 'CLAUDE.md': '@AGENTS.md\n' }))).toEqual([]);
  });

  it('codex-chain-size: a real AGENTS.md over 32 KiB (openai-agents-python, 34,566 bytes)', () => {
    expect(findingsOf(join(CORPUS, 'openai__openai-agents-python'))).toContain('instructions/codex-chain-size AGENTS.md:296 warning');
  });

  it('empty-file: an empty AGENTS.md (note) and an empty AGENTS.override.md that hides AGENTS.md (warning)', () => {
    expect(findingsOf(join(FIXTURES, 'empty-file'))).toEqual(['instructions/empty-file AGENTS.md:- note', 'instructions/empty-file agents/review/AGENTS.override.md:- warning']);
  });

  it('claude-md-length: a CLAUDE.md of 241 lines, reported at line 201; 200 lines pass', () => {
    expect(findingsOf(join(FIXTURES, 'claude-md-length'))).toEqual(['instructions/claude-md-length CLAUDE.md:201 warning']);
    expect(findingsOf(makeTree({ 'CLAUDE.md': 'line\n'.repeat(200) }))).toEqual([]);
  });

  it('import-missing: a missing path is an error; mentions, package names and code are not imports', () => {
    expect(findingsOf(join(FIXTURES, 'import-missing'))).toEqual(['instructions/import-missing CLAUDE.md:4 error']);
    expect(messagesOf(join(FIXTURES, 'import-missing'), 'instructions/import-missing')).toEqual([
      'Import @docs/style-guide.md does not resolve (docs/style-guide.md does not exist; paths are relative to the importing file). Claude Code skips it silently.',
    ]);
  });

  it('import-missing: a folder is not a file, and imports in imported files are checked too', () => {
    const root = makeTree({ 'CLAUDE.md': '@docs/guide.md\n@./docs\n', 'docs/guide.md': 'See @./gone.md\n' });
    expect(findingsOf(root)).toEqual(['instructions/import-missing CLAUDE.md:2 error', 'instructions/import-missing docs/guide.md:1 error']);
    expect(messagesOf(root, 'instructions/import-missing')[0]).toContain('docs is a folder, not a file');
  });

  it('import-cycle: a -> b -> a, reported at the import that points back', () => {
    expect(findingsOf(join(FIXTURES, 'import-cycle'))).toEqual(['instructions/import-cycle docs/b.md:3 error']);
    expect(messagesOf(join(FIXTURES, 'import-cycle'), 'instructions/import-cycle')[0]).toBe(
      'Import @a.md closes a cycle: docs/a.md -> docs/b.md -> docs/a.md. Claude Code loads each file once; remove the import that points back.',
    );
    expect(findingsOf(makeTree({ 'CLAUDE.md': 'Me again: @CLAUDE.md\n' }))).toEqual(['instructions/import-cycle CLAUDE.md:1 error']);
  });

  it('import-depth: the fifth hop is reported; four hops pass', () => {
    expect(findingsOf(join(FIXTURES, 'import-depth'))).toEqual(['instructions/import-depth docs/level-4.md:3 error']);
    const four = makeTree({ 'CLAUDE.md': '@1.md\n', '1.md': '@2.md\n', '2.md': '@3.md\n', '3.md': '@4.md\n', '4.md': 'end\n' });
    expect(findingsOf(four)).toEqual([]);
  });

  it('import-escape: a relative path out of the repository and an absolute path warn; ~/ is a note', () => {
    expect(findingsOf(join(FIXTURES, 'import-escape'))).toEqual([
      'instructions/import-escape CLAUDE.md:3 warning',
      'instructions/import-escape CLAUDE.md:4 warning',
      'instructions/import-escape CLAUDE.md:5 note',
    ]);
  });

  it('claude-misses-agents-md: AGENTS.md files no CLAUDE.md imports', () => {
    expect(findingsOf(join(FIXTURES, 'claude-misses-agents-md'))).toEqual([
      'instructions/claude-misses-agents-md AGENTS.md:- warning',
      'instructions/claude-misses-agents-md agents/triage/AGENTS.md:- warning',
    ]);
    // No CLAUDE.md at all: the repository may not use Claude Code, so only a note.
    expect(findingsOf(makeTree({ 'AGENTS.md': 'x\n' }))).toEqual(['instructions/claude-misses-agents-md AGENTS.md:- note']);
  });

  it('claude-misses-agents-md: a symbolic link or an import (even from the root for a subfolder) reaches Claude Code', () => {
    const root = makeTree({ 'AGENTS.md': 'x\n', 'CLAUDE.md': '@sub/AGENTS.md\n', 'sub/AGENTS.md': 'y\n' });
    symlinkSync('AGENTS.md', join(root, 'sub', 'CLAUDE.md'));
    expect(findingsOf(root)).toEqual(['instructions/claude-misses-agents-md AGENTS.md:- warning']);
    symlinkSync('AGENTS.md', join(root, 'CLAUDE.local.md'));
    // CLAUDE.local.md linking to AGENTS.md loads it too (it is a memory file).
    expect(findingsOf(root)).toEqual([]);
  });

  it('claude-misses-agents-md: explains a symbolic link checked out as a text file (the corpus copies)', () => {
    expect(messagesOf(join(CORPUS, 'agentskills__agentskills'), 'instructions/claude-misses-agents-md')[0]).toContain(
      'CLAUDE.md holds the text "AGENTS.md": a symbolic link checked out as a plain file',
    );
  });

  it('broken-symlink: CLAUDE.md -> AGENT.md, which does not exist', () => {
    expect(findingsOf(join(FIXTURES, 'broken-symlink'))).toContain('instructions/broken-symlink CLAUDE.md:- warning');
    const root = makeTree({ 'README.md': 'x', '.claude/skills/pdf/.keep': '' });
    symlinkSync('../../gone/SKILL.md', join(root, '.claude/skills/pdf/SKILL.md'));
    symlinkSync('nowhere.txt', join(root, 'notes.txt'));
    expect(findingsOf(root)).toEqual(['instructions/broken-symlink .claude/skills/pdf/SKILL.md:- warning']);
  });
});

describe('instructions/ rules: edge cases', () => {
  const codexLimit = (bytes: number) => ({ '.codex/config.toml': `project_doc_max_bytes = ${bytes}\n` });

  it('codex-chain-size: a chain that fills the limit exactly leaves the next file out, reported without a line', () => {
    const root = makeTree({ ...codexLimit(20), 'AGENTS.md': 'Twenty bytes, exact\n', 'sub/AGENTS.md': '# Sub rules\n' });
    expect(findingsOf(root).filter((f) => f.includes('codex'))).toEqual(['instructions/codex-chain-size sub/AGENTS.md:- warning']);
    expect(messagesOf(root, 'instructions/codex-chain-size')).toEqual([
      'Codex stops reading instruction files at project_doc_max_bytes = 20 in .codex/config.toml: the chain for sub is 32 bytes, so this file is left out. Move detail into files the agent reads on demand, or split the chain.',
    ]);
  });

  it('codex-chain-size: names three folders and counts the rest; one file left out "is" not loaded', () => {
    // 39 bytes at the root; the 30th byte is on line 4. Each folder's chain adds its own 4 bytes.
    const folders = ['a', 'b', 'c', 'd'];
    const root = makeTree({ ...codexLimit(30), 'AGENTS.md': 'line one\nline two\nline three\nline four\n', ...Object.fromEntries(folders.map((f) => [`${f}/AGENTS.md`, `# ${f}\n`])) });
    const [message] = messagesOf(root, 'instructions/codex-chain-size');
    expect(message).toContain('the chain for the root folder, a, b and 2 more folders is 43 bytes, so this file is cut after line 4 and a/AGENTS.md, b/AGENTS.md, c/AGENTS.md, d/AGENTS.md are not loaded');
    const one = makeTree({ ...codexLimit(30), 'AGENTS.md': 'line one\nline two\nline three\nline four\n', 'a/AGENTS.md': '# a\n' });
    expect(messagesOf(one, 'instructions/codex-chain-size')[0]).toContain('the chain for the root folder, a is 43 bytes, so this file is cut after line 4 and a/AGENTS.md is not loaded.');
  });

  it('import-cycle: a file imported twice (a diamond) is no cycle, and a memory file imported by another is walked once', () => {
    const diamond = makeTree({ 'CLAUDE.md': '@a.md\n@b.md\n@sub/CLAUDE.md\n', 'a.md': '@shared.md\n', 'b.md': '@shared.md\n', 'shared.md': 'Shared rules.\n', 'sub/CLAUDE.md': '@../shared.md\n' });
    expect(findingsOf(diamond)).toEqual([]);
    // The same cycle seen from two memory files is reported once, at the import that points back.
    const cycle = makeTree({ 'CLAUDE.md': '@a.md\n', 'CLAUDE.local.md': '@a.md\n', 'a.md': '@b.md\n', 'b.md': 'Back to @a.md\n' });
    expect(findingsOf(cycle)).toEqual(['instructions/import-cycle b.md:1 error']);
  });

  it('import-depth: the same fifth hop reached from two memory files is one finding', () => {
    const chain = { '1.md': '@2.md\n', '2.md': '@3.md\n', '3.md': '@4.md\n', '4.md': '@5.md\n', '5.md': 'end\n' };
    const root = makeTree({ 'CLAUDE.md': '@1.md\n', 'CLAUDE.local.md': '@1.md\n', ...chain });
    expect(findingsOf(root)).toEqual(['instructions/import-depth 4.md:1 error']);
    expect(messagesOf(root, 'instructions/import-depth')[0]).toMatch(/^Import @5\.md is hop 5 from CLAUDE(\.local)?\.md;/);
  });
});

describe('the clean fixture', () => {
  it('passes every instructions/ and budget/ rule', () => {
    expect(findingsOf(join(FIXTURES, 'clean'))).toEqual([]);
  });

  it('keeps the broken-symlink fixture a symbolic link', () => {
    // git stores it as a link; a checkout without symlinks would turn it into a text file.
    expect(lstatSync(join(FIXTURES, 'broken-symlink', 'CLAUDE.md')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(FIXTURES, 'broken-symlink', 'CLAUDE.md'))).toBe(false);
  });
});

describe('docs', () => {
  it('has a page with why, a bad and a good example for every instructions/ and budget/ rule', () => {
    for (const rule of rules) {
      const page = readFileSync(join(REPO_ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
      expect(page.startsWith(`# ${rule.id}\n`), rule.id).toBe(true);
      for (const heading of ['## Why', '## Bad', '## Good']) expect(page, `${rule.id} ${heading}`).toContain(heading);
    }
  });
});
