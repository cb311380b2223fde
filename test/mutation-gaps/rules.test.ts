// Behaviour of sample rules that the mutation run (npm run mutation -- rules, docs/quality.md)
// showed no test pinned down: exact messages, limits, the reported line, duplicate reports.
import { describe, expect, it } from 'vitest';
import { allRules, validate } from '@agentship/core';
import { makeTree } from '../helpers.js';

function findings(root: string, ruleId: string): string[] {
  return validate(root, { rules: allRules.filter((rule) => rule.id === ruleId) }).findings.map((f) => `${f.file}:${f.line ?? '-'} ${f.severity} ${f.message}`);
}

const skill = (name: string) => `---\nname: ${name}\ndescription: Summarises CSV files. Use when the user asks for a summary of tabular data.\n---\n\nDo it.\n`;
const nameFindings = (name: string) => findings(makeTree({ '.claude/skills/s/SKILL.md': skill(name) }), 'skill/name-format');

describe('skill/name-format', () => {
  it('says what is wrong with each name, in words', () => {
    const at = '.claude/skills/s/SKILL.md:2 error';
    expect(nameFindings('~')).toEqual([`${at} Field 'name' must be a non-empty string.`]);
    expect(nameFindings('123')).toEqual([`${at} Field 'name' must be a string, not a number; quote it.`]);
    expect(nameFindings('pdf-')).toEqual([`${at} Skill name 'pdf-' cannot start or end with a hyphen.`]);
    expect(nameFindings('pdf--x')).toEqual([`${at} Skill name 'pdf--x' cannot contain consecutive hyphens.`]);
    expect(nameFindings('Pdf')).toEqual([`${at} Skill name 'Pdf' must be lowercase.`]);
    expect(nameFindings('pdf_x y')).toEqual([
      `${at} Skill name 'pdf_x y' contains invalid characters ("_", " "); only lowercase letters, digits and hyphens are allowed.`,
    ]);
  });

  it('accepts 64 characters and refuses 65', () => {
    expect(nameFindings('a'.repeat(64))).toEqual([]);
    expect(nameFindings('a'.repeat(65))).toEqual([`.claude/skills/s/SKILL.md:2 error Skill name '${'a'.repeat(65)}' exceeds the 64 character limit (65 characters).`]);
  });

  it('an upper-case name outside a-z is reported as not lowercase only; a lowercase one gets the a-z warning', () => {
    expect(nameFindings('Über')).toEqual([".claude/skills/s/SKILL.md:2 error Skill name 'Über' must be lowercase."]);
    expect(nameFindings('über')).toEqual([
      ".claude/skills/s/SKILL.md:2 warning Skill name 'über' uses letters outside a-z; the spec allows them, but Anthropic's platform and quick_validate.py accept only a-z, 0-9 and hyphens.",
    ]);
  });
});

describe('mcp/unpinned-package', () => {
  it('reports the line of the package argument, or of the command when the package is written there', () => {
    const mcp = JSON.stringify(
      {
        mcpServers: {
          fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem'] },
          git: { command: 'npx -y mcp-server-git', args: ['--repository', '/repo'] },
        },
      },
      null,
      2,
    );
    // Lines: 4 "command": "npx", 6 "-y", 7 the package; 11 the git command.
    expect(findings(makeTree({ '.mcp.json': mcp }), 'mcp/unpinned-package').map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      '.mcp.json:7 warning',
      '.mcp.json:11 warning',
    ]);
  });
});

describe('permissions/broad-allow', () => {
  it('names the rule and says what to do instead', () => {
    const settings = JSON.stringify({ permissions: { allow: ['Bash'] } }, null, 2);
    const [finding] = findings(makeTree({ '.claude/settings.json': settings }), 'permissions/broad-allow');
    expect(finding).toMatch(/^\.claude\/settings\.json:4 error Allow rule "Bash" .+, without asking\. Narrow it to the commands or tools the agent needs, or move it to "ask"\.$/);
  });
});

describe('instructions/import-cycle', () => {
  it('a file that imports itself closes the cycle "CLAUDE.md -> CLAUDE.md"', () => {
    expect(findings(makeTree({ 'CLAUDE.md': 'Me again: @CLAUDE.md\n' }), 'instructions/import-cycle')).toEqual([
      'CLAUDE.md:1 error Import @CLAUDE.md closes a cycle: CLAUDE.md -> CLAUDE.md. Claude Code loads each file once; remove the import that points back.',
    ]);
  });

  it('a cycle reached along two paths, or from a memory file another one imports, is reported once', () => {
    const twoPaths = makeTree({ 'CLAUDE.md': '@a.md\n@b.md\n', 'a.md': '@b.md\n', 'b.md': '@a.md\n' });
    expect(findings(twoPaths, 'instructions/import-cycle').map((f) => f.split(' ')[0])).toEqual(['b.md:1']);
    const nested = makeTree({ 'CLAUDE.md': '@sub/CLAUDE.md\n', 'sub/CLAUDE.md': 'Again: @CLAUDE.md\n' });
    expect(findings(nested, 'instructions/import-cycle').map((f) => f.split(' ')[0])).toEqual(['sub/CLAUDE.md:1']);
  });
});
