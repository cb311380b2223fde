import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAMILIES, MAX_FILE_BYTES, type Finding } from '@agentship/core';
import { makeTree, runCli } from '../helpers.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const SKILL = '---\nname: ok-skill\ndescription: Checks nothing. Use when testing bad input.\n---\n\n# ok\n';

/** One repository with every kind of bad input the design names, and good files around them. */
function badTree(config: string): string {
  const outside = makeTree({ 'AGENTS.md': '# outside\n' });
  const root = makeTree({
    'agentship.yaml': config,
    'AGENTS.md': '# good root file\n',
    'skills/crlf-skill/SKILL.md': SKILL.replace('ok-skill', 'crlf-skill').replace(/\n/g, '\r\n'),
    'skills/ok-skill/SKILL.md': SKILL,
    'agents/bom/AGENTS.md': Buffer.concat([BOM, Buffer.from('# starts with a BOM\n')]),
    'environments/ci/model-overrides.yaml': 'default-model: claude-haiku-4-5\nagents:\n\ttriage: { model: claude-haiku-4-5 }\n',
    'environments/ci/budget-limits.yaml': 'monthly-budget-usd: 10\nalert-levels: [70, 90, 100]\nmonthly-budget-usd: 20\n',
    '.mcp.json': '{\n  "mcpServers": {\n    "a": { "command": "node", "args": ["a.js"] },\n    "a": { "command": "node", "args": ["b.js"] }\n  }\n}\n',
    'agents/latin1/AGENTS.md': Buffer.concat([Buffer.from('# notes\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]),
    '.cursor/mcp.json': Buffer.concat([Buffer.from('{"mcpServers": {}}\n'), Buffer.from([0x00, 0x89, 0x50, 0x4e, 0x47])]),
    'zz-last/.vscode/mcp.json': '{\n  "servers": {\n    "x": { "type": "stdio", "command": "node" },\n  }\n', // unclosed: reported after everything above
  });
  writeFileSync(join(root, 'CLAUDE.md'), Buffer.alloc(MAX_FILE_BYTES + 1024, '# huge\n'));
  symlinkSync('.', join(root, 'agents/loop'));
  symlinkSync(join(outside, 'AGENTS.md'), join(root, 'agents/escape.md'));
  symlinkSync(outside, join(root, 'vendor'));
  return root;
}

function parse(stdout: string): Finding[] {
  return JSON.parse(stdout).findings as Finding[];
}

describe('bad input gives findings with file and line, never a crash', () => {
  let configOnly: { status: number; stdout: string; stderr: string };
  let everyRule: { status: number; stdout: string; stderr: string };

  beforeAll(() => {
    const onlyConfig = `rules:\n${FAMILIES.filter((f) => f !== 'config').map((f) => `  ${f}: off`).join('\n')}\n`;
    configOnly = runCli(['validate', badTree(onlyConfig), '--format', 'json']);
    everyRule = runCli(['validate', badTree(''), '--format', 'json']);
  });

  it('reports each problem under its rule, at its file and line', () => {
    expect(configOnly.status).toBe(1);
    expect(configOnly.stderr).toBe('');
    const got = parse(configOnly.stdout).map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line ?? '-'}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'config/encoding warning skills/crlf-skill/SKILL.md:1', // CRLF in SKILL.md
        'config/encoding warning agents/bom/AGENTS.md:1', // byte-order mark
        'config/syntax error environments/ci/model-overrides.yaml:3', // tab as indentation
        'config/syntax error environments/ci/budget-limits.yaml:3', // duplicate YAML key
        'config/syntax warning .mcp.json:4', // duplicate JSON key
        'config/encoding error agents/latin1/AGENTS.md:2', // invalid UTF-8
        'config/encoding error .cursor/mcp.json:2', // binary (NUL byte)
        'config/file-unreadable error CLAUDE.md:-', // over 5 MB
        'config/symlink error agents/loop:-', // link loop
        'config/symlink error agents/escape.md:-', // link out of the root
        'config/symlink error vendor:-', // folder link out of the root
        'config/syntax error zz-last/.vscode/mcp.json:5', // the run went on to the last file
      ]),
    );
  });

  it('does not read through a loop or out of the root', () => {
    const files = new Set(parse(configOnly.stdout).map((f) => f.file));
    expect([...files].some((f) => f.startsWith('agents/loop/') || f.startsWith('vendor/'))).toBe(false);
  });

  it('every rule of every family survives the same tree: no internal error, no stack trace', () => {
    expect([0, 1]).toContain(everyRule.status);
    expect(everyRule.stderr).not.toMatch(/^\s+at .+[:(]\d+/m);
    const findings = parse(everyRule.stdout);
    expect(findings.filter((f) => f.ruleId === 'config/internal-error')).toEqual([]);
    expect(findings.every((f) => typeof f.file === 'string' && f.file.length > 0 && !f.file.startsWith('/'))).toBe(true);
  });
});
