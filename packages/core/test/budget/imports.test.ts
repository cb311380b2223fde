import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/index.js';
import { expandImports, importGraph, looksLikePath, parseImports, reachableImports, resolveImport } from '../../src/budget/index.js';
import { makeTree } from '../../../../test/helpers.js';

const paths = (text: string) => parseImports(text).map((i) => i.path);

describe('parseImports: the @path statements Claude Code reads', () => {
  it('finds @paths at line starts and after whitespace, with their line and column', () => {
    expect(parseImports('@AGENTS.md\nSee @docs/a.md and @b.md.\n')).toEqual([
      { path: 'AGENTS.md', line: 1, column: 1 },
      { path: 'docs/a.md', line: 2, column: 5 },
      { path: 'b.md.', line: 2, column: 20 },
    ]);
  });

  it('ignores @ inside code spans, fenced blocks and HTML comments, and e-mail addresses', () => {
    const text = [
      'Use `@not/span.md` here, ``@not/double.md`` too.',
      '```md',
      '@not/fenced.md',
      '```',
      '~~~~',
      '@not/tilde.md',
      '~~~~',
      '<!-- @not/comment.md',
      '@not/still-comment.md -->',
      'mail me@example.com, then @yes.md',
    ].join('\n');
    expect(paths(text)).toEqual(['yes.md']);
  });

  it('reads a backslash-escaped space as part of the path and keeps ~/ and absolute paths', () => {
    expect(paths('@docs/my\\ notes.md @~/.claude/me.md @/etc/x.md')).toEqual(['docs/my notes.md', '~/.claude/me.md', '/etc/x.md']);
  });

  it('tells a path from a mention or a package name', () => {
    expect(['a.md', './a', '../x', '~/x', '/x', 'AGENTS.md.'].map(looksLikePath)).toEqual([true, true, true, true, true, true]);
    expect(['alice', 'types/node', 'anthropic-ai/sdk'].map(looksLikePath)).toEqual([false, false, false]);
  });
});

describe('resolveImport', () => {
  const root = makeTree({ 'CLAUDE.md': '', 'AGENTS.md': 'x', 'docs/a.md': 'a', 'docs/sub/.keep': '' });
  const ws = discover(root);

  it('resolves relative to the importing file and drops prose punctuation after a path', () => {
    expect(resolveImport(ws, 'docs/b.md', 'a.md')).toEqual({ kind: 'file', file: 'docs/a.md', path: 'a.md' });
    expect(resolveImport(ws, 'CLAUDE.md', 'AGENTS.md.')).toEqual({ kind: 'file', file: 'AGENTS.md', path: 'AGENTS.md' });
  });

  it('tells missing files, folders, the home folder and paths outside the repository apart', () => {
    expect(resolveImport(ws, 'CLAUDE.md', 'docs/none.md')).toEqual({ kind: 'missing', file: 'docs/none.md' });
    expect(resolveImport(ws, 'CLAUDE.md', 'docs/sub')).toEqual({ kind: 'missing', file: 'docs/sub', isFolder: true });
    expect(resolveImport(ws, 'CLAUDE.md', 'AGENTS.md/x.md')).toEqual({ kind: 'missing', file: 'AGENTS.md/x.md' });
    expect(resolveImport(ws, 'CLAUDE.md', '~/.claude/me.md')).toEqual({ kind: 'home' });
    expect(resolveImport(ws, 'CLAUDE.md', '/etc/hosts')).toEqual({ kind: 'outside', absolute: true });
    expect(resolveImport(ws, 'docs/a.md', '../../up.md')).toEqual({ kind: 'outside', absolute: false });
  });

  it('treats a file inside the repository that links outside it as outside', () => {
    const outside = makeTree({ 'secret.md': 'outside' });
    const tree = makeTree({ 'CLAUDE.md': '@linked.md\n' });
    symlinkSync(join(outside, 'secret.md'), join(tree, 'linked.md'));
    expect(resolveImport(discover(tree), 'CLAUDE.md', 'linked.md')).toEqual({ kind: 'outside', absolute: false });
  });
});

describe('the import graph', () => {
  it('expands imports breadth first, loads each file once and stops after four hops', () => {
    const files: Record<string, string> = { 'CLAUDE.md': '@d/1.md @d/1.md\n' };
    for (let i = 1; i <= 6; i++) files[`d/${i}.md`] = `@${i + 1}.md\n`;
    const ws = discover(makeTree(files));
    const { files: loaded, tooDeep } = expandImports(ws, 'CLAUDE.md');
    expect(loaded).toEqual([
      { file: 'CLAUDE.md', hops: 0 },
      { file: 'd/1.md', hops: 1 },
      { file: 'd/2.md', hops: 2 },
      { file: 'd/3.md', hops: 3 },
      { file: 'd/4.md', hops: 4 },
    ]);
    expect(tooDeep.map((i) => `${i.from}:${i.path}`)).toEqual(['d/4.md:5.md']);
  });

  it('reaches every import of every CLAUDE.md, however deep, and reads imported files from disk once', () => {
    const root = makeTree({ 'CLAUDE.md': '@a.md\n', 'a.md': '@b.md @gone.md\n', 'b.md': 'end\n', 'sub/CLAUDE.local.md': '@../a.md\n' });
    const ws = discover(root);
    expect(reachableImports(ws).map((i) => `${i.from}:${i.path}:${i.target.kind}`).sort()).toEqual([
      'CLAUDE.md:a.md:file',
      'a.md:b.md:file',
      'a.md:gone.md:missing',
      'sub/CLAUDE.local.md:../a.md:file',
    ]);
    // The graph is shared per workspace: later changes on disk are not seen within one run.
    writeFileSync(join(root, 'b.md'), 'changed\n');
    expect(importGraph(ws).source('b.md')?.text).toBe('end\n');
  });
});
