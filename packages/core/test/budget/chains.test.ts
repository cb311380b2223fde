import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/index.js';
import { claudeChain, codexChain, codexSettings, foldersTo, skillIndex, CODEX_DEFAULT_MAX_BYTES } from '../../src/budget/index.js';
import { makeTree } from '../../../../test/helpers.js';

const skill = (name: string, description: string, extra = '') => `---\nname: ${name}\ndescription: ${description}\n${extra}---\n\nBody.\n`;

describe('foldersTo', () => {
  it('lists the folders from the root down', () => {
    expect(foldersTo('')).toEqual(['']);
    expect(foldersTo('a/b')).toEqual(['', 'a', 'a/b']);
  });
});

describe('codexChain: what Codex loads', () => {
  it('takes one file per folder, AGENTS.override.md over AGENTS.md over fallback names, root first', () => {
    const ws = discover(
      makeTree({
        'AGENTS.md': 'root\n',
        'a/AGENTS.override.md': 'override\n',
        'a/AGENTS.md': 'hidden\n',
        'a/b/CLAUDE.md': 'fallback\n',
        '.codex/config.toml': 'project_doc_fallback_filenames = ["CLAUDE.md"]\n',
      }),
    );
    expect(codexChain(ws, 'a/b').files.map((f) => f.file)).toEqual(['AGENTS.md', 'a/AGENTS.override.md', 'a/b/CLAUDE.md']);
    expect(codexChain(discover(makeTree({ 'AGENTS.md': 'x', 'b/CLAUDE.md': 'y' })), 'b').files.map((f) => f.file)).toEqual(['AGENTS.md']);
  });

  it('skips empty files, and an empty override still hides the folder AGENTS.md', () => {
    const ws = discover(makeTree({ 'AGENTS.md': '  \n', 'a/AGENTS.override.md': '', 'a/AGENTS.md': 'hidden\n' }));
    expect(codexChain(ws, 'a').files).toEqual([]);
  });

  it('cuts the file that crosses 32 KiB and drops the files after it', () => {
    const big = 'x'.repeat(20_000) + '\n';
    const ws = discover(makeTree({ 'AGENTS.md': big, 'a/AGENTS.md': big, 'a/b/AGENTS.md': 'leaf\n' }));
    const chain = codexChain(ws, 'a/b');
    expect(codexSettings(ws)).toEqual({ maxBytes: CODEX_DEFAULT_MAX_BYTES, fallbackNames: [] });
    expect(chain.files.map((f) => [f.file, Buffer.byteLength(f.text), f.truncated ?? false])).toEqual([
      ['AGENTS.md', 20_001, false],
      ['a/AGENTS.md', CODEX_DEFAULT_MAX_BYTES - 20_001, true],
    ]);
    expect(chain.dropped).toEqual(['a/b/AGENTS.md']);
  });

  it('reads project_doc_max_bytes from .codex/config.toml and ignores a bad value', () => {
    const ws = discover(makeTree({ '.codex/config.toml': 'project_doc_max_bytes = 10\n', 'AGENTS.md': '0123456789abc\n' }));
    expect(codexSettings(ws)).toEqual({ maxBytes: 10, fallbackNames: [], source: '.codex/config.toml' });
    expect(codexChain(ws, '').files[0].text).toBe('0123456789');
    const bad = discover(makeTree({ '.codex/config.toml': 'project_doc_max_bytes = "big"\n' }));
    expect(codexSettings(bad).maxBytes).toBe(CODEX_DEFAULT_MAX_BYTES);
  });
});

describe('claudeChain: what Claude Code loads', () => {
  it('loads CLAUDE.md, .claude/CLAUDE.md and CLAUDE.local.md root to leaf, each followed by its imports, once each', () => {
    const ws = discover(
      makeTree({
        'CLAUDE.md': '@AGENTS.md\n',
        'AGENTS.md': 'root rules\n',
        'CLAUDE.local.md': 'mine\n',
        'a/.claude/CLAUDE.md': '@../../AGENTS.md @notes.md\n',
        'a/.claude/notes.md': 'notes\n',
        'a/AGENTS.md': 'not read by Claude Code\n',
        'b/CLAUDE.md': 'other branch\n',
      }),
    );
    const chain = claudeChain(ws, 'a');
    expect(chain.files.map((f) => [f.file, f.hops])).toEqual([
      ['CLAUDE.md', 0],
      ['AGENTS.md', 1],
      ['CLAUDE.local.md', 0],
      ['a/.claude/CLAUDE.md', 0],
      ['a/.claude/notes.md', 1],
    ]);
  });
});

describe('skillIndex', () => {
  it("lists each client's skills from its folders on the chain, skipping skills without a description", () => {
    const root = makeTree({
      '.claude/skills/pdf/SKILL.md': skill('pdf', 'Reads PDFs. Use for PDF files.', 'when_to_use: When a PDF is attached.\n'),
      '.claude/skills/empty/SKILL.md': '---\nname: empty\n---\nNo description.\n',
      '.agents/skills/csv/SKILL.md': skill('csv', 'Reads CSV files.'),
      'agents/x/.codex/skills/deep/SKILL.md': skill('deep', 'Only for agent x.'),
      'skills/published/SKILL.md': skill('published', 'Shipped, not loaded by a session here.'),
    });
    const ws = discover(root);
    expect(skillIndex(ws, '', 'claude-code').map((s) => s.entry)).toEqual(['- pdf: Reads PDFs. Use for PDF files. When a PDF is attached.']);
    expect(skillIndex(ws, '', 'codex').map((s) => s.name)).toEqual(['csv']);
    expect(skillIndex(ws, 'agents/x', 'codex').map((s) => s.entry)).toEqual([
      '- csv: Reads CSV files. (file: .agents/skills/csv/SKILL.md)',
      '- deep: Only for agent x. (file: agents/x/.codex/skills/deep/SKILL.md)',
    ]);
  });
});
