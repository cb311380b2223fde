import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, DiscoverError, impliedProfile, mcpFlavorOf, validate } from '@agentship/core';
import { makeTree } from '../../../test/helpers.js';

const SKILL = (name: string) => `---\nname: ${name}\ndescription: Does ${name}. Use when testing discovery.\n---\n\n# ${name}\n`;

describe('discover: every kind of governed file', () => {
  const root = makeTree({
    'AGENTS.md': '# root\n',
    'CLAUDE.md': '@AGENTS.md\n',
    'CLAUDE.local.md': 'local notes\n',
    'agents/triage/AGENTS.md': '# triage\n',
    'agents/triage/AGENTS.override.md': '# override\n',
    'packages/web/.claude/CLAUDE.md': '# web\n',
    '.claude/skills/plan-work/SKILL.md': SKILL('plan-work'),
    '.claude/skills/plan-work/references/guide.md': '# guide\n',
    '.agents/skills/ship-it/SKILL.md': SKILL('ship-it'),
    'skills/lower-case/skill.md': SKILL('lower-case'),
    'skills/both/SKILL.md': SKILL('both'),
    'skills/both/skill.md': 'a stray lowercase copy\n',
    'plugin/.claude-plugin/plugin.json': '{"name": "plugin"}\n',
    'plugin/skills/in-plugin/SKILL.md': SKILL('in-plugin'),
    '.mcp.json': '{"mcpServers": {}}\n',
    '.vscode/mcp.json': '{\n  // comments are fine here\n  "servers": {},\n}\n',
    '.cursor/mcp.json': '{"mcpServers": {}}\n',
    'desktop/claude_desktop_config.json': '{"mcpServers": {}}\n',
    '.codex/config.toml': '[mcp_servers.a]\ncommand = "x"\n',
    '.gemini/settings.json': '{"mcpServers": {}}\n',
    '.claude/settings.json': '{"permissions": {"allow": []}}\n',
    '.claude/settings.local.json': '{}\n',
    'environments/staging/model-overrides.yaml': 'default-model: claude-sonnet-4-5\n',
    'environments/staging/budget-limits.yml': 'monthly-budget-usd: 10\n',
    'environments/staging/.env': 'MODEL=x\n',
    'environments/staging/notes.md': 'not an environment file\n',
    '.env.production': 'LOG_LEVEL=info\n',
    '.env.example': 'TOKEN=\n',
    'agent-roles.md': '| agent | purpose |\n|---|---|\n',
    'roles/agent-roles.yaml': 'triage: {}\n',
    'agentship.yaml': 'ignore: []\n',
    'README.md': '# not governed\n',
  });
  const ws = discover(root);

  it('finds instruction files, and .claude/CLAUDE.md governs its parent folder', () => {
    const found = ws.instructions.map((i) => [i.file.path, i.name, i.dir]).sort();
    expect(found).toEqual(
      [
        ['AGENTS.md', 'AGENTS.md', ''],
        ['CLAUDE.local.md', 'CLAUDE.local.md', ''],
        ['CLAUDE.md', 'CLAUDE.md', ''],
        ['agents/triage/AGENTS.md', 'AGENTS.md', 'agents/triage'],
        ['agents/triage/AGENTS.override.md', 'AGENTS.override.md', 'agents/triage'],
        ['packages/web/.claude/CLAUDE.md', 'CLAUDE.md', 'packages/web'],
      ].sort(),
    );
  });

  it('finds skills (SKILL.md, or skill.md when there is no SKILL.md) with the profile their place implies', () => {
    const skills = Object.fromEntries(ws.skills.map((s) => [s.dir, s]));
    expect(Object.keys(skills).sort()).toEqual(['.agents/skills/ship-it', '.claude/skills/plan-work', 'plugin/skills/in-plugin', 'skills/both', 'skills/lower-case']);
    expect(skills['skills/both'].file.path).toBe('skills/both/SKILL.md');
    expect(skills['skills/lower-case'].file.path).toBe('skills/lower-case/skill.md');
    expect(skills['.claude/skills/plan-work'].profile).toBe('claude-code');
    expect(skills['.agents/skills/ship-it'].profile).toBe('codex');
    expect(skills['plugin/skills/in-plugin'].profile).toBe('claude-code');
    expect(skills['skills/both'].profile).toBe('spec');
    expect(skills['.claude/skills/plan-work'].folderName).toBe('plan-work');
    expect(skills['.claude/skills/plan-work'].files).toEqual(['.claude/skills/plan-work/SKILL.md', '.claude/skills/plan-work/references/guide.md']);
    expect(skills['.claude/skills/plan-work'].frontmatter.data?.value).toMatchObject({ name: 'plan-work' });
  });

  it('finds MCP configs of every client, parsed in each client\'s dialect', () => {
    const mcp = Object.fromEntries(ws.mcpConfigs.map((m) => [m.file.path, m]));
    expect(Object.fromEntries(Object.entries(mcp).map(([p, m]) => [p, m.flavor]))).toEqual({
      '.mcp.json': 'claude-code',
      '.vscode/mcp.json': 'vscode',
      '.cursor/mcp.json': 'cursor',
      'desktop/claude_desktop_config.json': 'claude-desktop',
      '.codex/config.toml': 'codex',
      '.gemini/settings.json': 'gemini',
    });
    expect(mcp['.vscode/mcp.json'].data?.problems).toEqual([]);
    expect(mcp['.codex/config.toml'].format).toBe('toml');
    expect(mcp['.codex/config.toml'].data?.value).toEqual({ mcp_servers: { a: { command: 'x' } } });
  });

  it('finds Claude Code settings, environment files, roles and the config', () => {
    expect(ws.claudeSettings.map((s) => s.file.path).sort()).toEqual(['.claude/settings.json', '.claude/settings.local.json']);
    expect(ws.environments.map((e) => [e.file.path, e.environment, e.format]).sort()).toEqual([
      ['.env.production', 'production', 'dotenv'],
      ['environments/staging/.env', 'staging', 'dotenv'],
      ['environments/staging/budget-limits.yml', 'staging', 'yaml'],
      ['environments/staging/model-overrides.yaml', 'staging', 'yaml'],
    ]);
    expect(ws.roles.map((r) => r.file.path).sort()).toEqual(['agent-roles.md', 'roles/agent-roles.yaml']);
    expect(ws.configPath).toBe('agentship.yaml');
    expect(ws.files.has('README.md')).toBe(false);
    expect(ws.allPaths).toContain('README.md');
    expect(ws.problems).toEqual([]);
  });
});

describe('discover: a repository that is itself one skill', () => {
  it('takes SKILL.md at the root over a stray skill.md, with every file of the repository', () => {
    const root = makeTree({ 'SKILL.md': SKILL('whole'), 'skill.md': 'old copy\n', 'references/a.md': '# a\n' });
    const ws = discover(root);
    expect(ws.skills.map((s) => [s.dir, s.file.path])).toEqual([['', 'SKILL.md']]);
    expect(ws.skills[0].files).toEqual(['SKILL.md', 'references/a.md', 'skill.md']);
  });
});

describe('discover: what it leaves out', () => {
  it('honours .gitignore files at several levels, relative to their own folder', () => {
    const root = makeTree({
      '.gitignore': 'build/\n*.local.md\n',
      'AGENTS.md': '# root\n',
      'build/AGENTS.md': '# built copy\n',
      'notes.local.md': 'x\n',
      'agents/triage/.gitignore': 'scratch/\n/AGENTS.override.md\n',
      'agents/triage/AGENTS.md': '# triage\n',
      'agents/triage/AGENTS.override.md': '# ignored by the nested .gitignore\n',
      'agents/triage/scratch/AGENTS.md': '# ignored\n',
      'agents/reviewer/AGENTS.override.md': '# a nested pattern does not leak into a sibling\n',
      'agents/reviewer/scratch/AGENTS.md': '# nor here\n',
      'node_modules/pkg/AGENTS.md': '# never walked\n',
      '.git/AGENTS.md': '# never walked\n',
    });
    const paths = discover(root).instructions.map((i) => i.file.path).sort();
    expect(paths).toEqual(['AGENTS.md', 'agents/reviewer/AGENTS.override.md', 'agents/reviewer/scratch/AGENTS.md', 'agents/triage/AGENTS.md']);
  });

  it('honours agentship.yaml ignore: patterns for files and folders', () => {
    const root = makeTree({
      'agentship.yaml': 'ignore:\n  - vendor/\n  - "**/draft-*.md"\n  - legacy/AGENTS.md\n',
      'AGENTS.md': '# root\n',
      'vendor/skills/x/SKILL.md': SKILL('x'),
      'legacy/AGENTS.md': '# ignored\n',
      'legacy/CLAUDE.md': '# kept\n',
      'skills/y/SKILL.md': SKILL('y'),
      'skills/y/draft-notes.md': 'ignored\n',
    });
    const ws = discover(root);
    expect(ws.instructions.map((i) => i.file.path).sort()).toEqual(['AGENTS.md', 'legacy/CLAUDE.md']);
    expect(ws.skills.map((s) => s.dir)).toEqual(['skills/y']);
    expect(ws.allPaths).not.toContain('skills/y/draft-notes.md');
  });

  it('uses agentship.yaml profiles over the location, and --profile over both', () => {
    const root = makeTree({
      'agentship.yaml': 'profiles:\n  "vendor/**": anthropic\ndefault-profile: codex\n',
      'vendor/skills/a/SKILL.md': SKILL('a'),
      '.claude/skills/b/SKILL.md': SKILL('b'),
      'skills/c/SKILL.md': SKILL('c'),
    });
    const profiles = (ws: ReturnType<typeof discover>) => Object.fromEntries(ws.skills.map((s) => [s.dir, s.profile]));
    expect(profiles(discover(root))).toEqual({ 'vendor/skills/a': 'anthropic', '.claude/skills/b': 'claude-code', 'skills/c': 'codex' });
    expect(Object.values(profiles(discover(root, { profile: 'spec' })))).toEqual(['spec', 'spec', 'spec']);
  });

  it('throws DiscoverError (exit 2) only when the root itself is not a folder', () => {
    const root = makeTree({ 'file.md': 'x' });
    expect(() => discover(join(root, 'missing'))).toThrow(DiscoverError);
    expect(() => discover(join(root, 'file.md'))).toThrow(DiscoverError);
  });
});

describe('discover: symbolic links', () => {
  it('follows links inside the root and reports loops and escapes as config/symlink findings', () => {
    const outside = makeTree({ 'AGENTS.md': '# outside the repository\n' });
    const root = makeTree({ 'AGENTS.md': '# root\n', 'agents/triage/AGENTS.md': '# triage\n', 'loop/AGENTS.md': '# read once\n' });
    symlinkSync('AGENTS.md', join(root, 'CLAUDE.md')); // the documented CLAUDE.md -> AGENTS.md link
    symlinkSync(join(outside, 'AGENTS.md'), join(root, 'agents/triage/CLAUDE.md'));
    symlinkSync(outside, join(root, 'vendored'));
    symlinkSync('../loop', join(root, 'loop/again')); // a folder that contains itself
    symlinkSync('self-b', join(root, 'self-a'));
    symlinkSync('self-a', join(root, 'self-b')); // a link cycle the OS refuses (ELOOP)
    symlinkSync('missing.md', join(root, 'broken.md'));

    const result = validate(root);
    const ws = result.workspace;
    expect(ws.instructions.map((i) => i.file.path).sort()).toEqual(['AGENTS.md', 'CLAUDE.md', 'agents/triage/AGENTS.md', 'loop/AGENTS.md']);
    const links = Object.fromEntries(ws.links.map((l) => [l.path, l.problem ?? 'ok']));
    expect(links).toMatchObject({
      'CLAUDE.md': 'ok',
      'agents/triage/CLAUDE.md': 'escapes-root',
      vendored: 'escapes-root',
      'loop/again': 'loop',
      'self-a': 'loop',
      'self-b': 'loop',
      'broken.md': 'broken',
    });
    const symlinkFindings = result.findings.filter((f) => f.ruleId === 'config/symlink');
    expect(symlinkFindings.map((f) => f.file).sort()).toEqual(['agents/triage/CLAUDE.md', 'loop/again', 'self-a', 'self-b', 'vendored']);
    expect(symlinkFindings.every((f) => f.severity === 'error' && f.message.length > 0)).toBe(true);
    // Nothing outside the root was read.
    expect([...ws.files.values()].some((f) => f.text.includes('outside the repository'))).toBe(false);
  });
});

describe('mcpFlavorOf and impliedProfile', () => {
  it('name the client by path alone', () => {
    expect(mcpFlavorOf('a/b/.mcp.json')).toBe('claude-code');
    expect(mcpFlavorOf('servers.json')).toBeUndefined();
    expect(mcpFlavorOf('.vscode/settings.json')).toBeUndefined();
    expect(impliedProfile('x/.claude/skills/y')).toBe('claude-code');
    expect(impliedProfile('.codex/skills/y')).toBe('codex');
    expect(impliedProfile('skills/y')).toBeUndefined();
  });
});

describe('discover: unreadable and oversized files', () => {
  it('reports a huge governed file and goes on with the rest', () => {
    const root = makeTree({ 'AGENTS.md': '# root\n', 'skills/a/SKILL.md': SKILL('a') });
    writeFileSync(join(root, 'CLAUDE.md'), Buffer.alloc(5 * 1024 * 1024 + 10, 0x20));
    const ws = discover(root);
    expect(ws.problems).toEqual([expect.objectContaining({ ruleId: 'config/file-unreadable', file: 'CLAUDE.md' })]);
    expect(ws.instructions.map((i) => i.file.path)).toEqual(['AGENTS.md']);
    expect(ws.skills).toHaveLength(1);
  });
});
