import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/engine/index.js';
import { rolesRules } from '../../../src/rules/roles/index.js';
import { isWriteCapable, parseRolesMarkdown } from '../../../src/roles/index.js';
import { makeTree, REPO_ROOT } from '../../../../../test/helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/roles');

function findingsOf(root: string): string[] {
  return validate(root, { rules: rolesRules }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'} ${f.severity}`);
}

describe('roles/ rules on their fixtures', () => {
  it('broken: one case of every rule', () => {
    expect(findingsOf(join(FIXTURES, 'broken'))).toEqual([
      // triage is read-only but its role grants postgres
      'roles/read-only-write-server agent-roles.yaml:2 error',
      // a role for an agent that does not exist
      'roles/unknown-agent agent-roles.yaml:13 warning',
      // a second role for fixer, a role without agent, an unknown field
      'roles/invalid-roles-file agent-roles.yaml:16 error',
      'roles/invalid-roles-file agent-roles.yaml:18 error',
      'roles/invalid-roles-file agent-roles.yaml:19 error',
      // fixer may edit ../../infra and use sentry; it may reach /etc
      'roles/path-not-granted agents/fixer/.claude/settings.json:3 error',
      'roles/server-not-granted agents/fixer/.claude/settings.json:3 error',
      'roles/path-not-granted agents/fixer/.claude/settings.json:4 error',
      // triage's own .mcp.json adds github: not granted, and it can write
      'roles/read-only-write-server agents/triage/.mcp.json:3 error',
      'roles/server-not-granted agents/triage/.mcp.json:3 error',
      // writer has no role
      'roles/missing-role agents/writer/AGENTS.md:1 warning',
    ]);
  });

  it('every roles/ rule has a broken case', () => {
    const ids = new Set(validate(join(FIXTURES, 'broken'), { rules: rolesRules }).findings.map((f) => f.ruleId));
    ids.add('roles/invalid-roles-file');
    expect([...ids].sort()).toEqual(rolesRules.map((r) => r.id).sort());
  });

  it('clean: a Markdown table whose agents stay within their roles', () => {
    expect(findingsOf(join(FIXTURES, 'clean'))).toEqual([]);
  });

  it('invalid-table: a roles file without an Agent column is one finding, not one per agent', () => {
    expect(findingsOf(join(FIXTURES, 'invalid-table'))).toEqual(['roles/invalid-roles-file agent-roles.md:1 error']);
  });

  it('no roles file: roles are opt-in, nothing is reported', () => {
    const root = makeTree({ 'agents/a/AGENTS.md': '# A\n', '.mcp.json': JSON.stringify({ mcpServers: { github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' } } }) });
    expect(findingsOf(root)).toEqual([]);
  });

  it('messages name the agent, the server and the role line', () => {
    const messages = validate(join(FIXTURES, 'broken'), { rules: rolesRules }).findings.map((f) => f.message);
    expect(messages).toContain('Agent "triage" can use MCP server "github", which its role (agent-roles.yaml:2) does not grant (granted: docs, postgres).');
    expect(messages).toContain('Agent "fixer" can reach `/etc` through additionalDirectories, which its role (agent-roles.yaml:7) does not grant (granted: agents/fixer, src/**).');
  });
});

describe('roles/ rules: counting and naming', () => {
  const messagesOf = (root: string, ruleId: string) => validate(root, { rules: rolesRules }).findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line} ${f.message}`);

  it('server-not-granted: one finding per server at its first place, the other places counted; an empty grant is "none"', () => {
    const root = makeTree({
      'agentship.yaml': 'agents:\n  fixer: {}\n',
      'agents/fixer/AGENTS.md': '# Fixer\n',
      'agent-roles.yaml': 'roles:\n  - agent: fixer\n    mcp-servers: []\n',
      'agents/fixer/.claude/settings.json': JSON.stringify({ permissions: { allow: ['mcp__sentry__get_issue', 'mcp__linear__list', 'mcp__sentry__list', 'mcp__Sentry__resolve', 'mcp__linear__create'] } }, null, 2),
    });
    expect(messagesOf(root, 'roles/server-not-granted')).toEqual([
      'agents/fixer/.claude/settings.json:4 Agent "fixer" can use MCP server "sentry" (and in 2 more places), which its role (agent-roles.yaml:2) does not grant (granted: none).',
      'agents/fixer/.claude/settings.json:5 Agent "fixer" can use MCP server "linear" (and in 1 more place), which its role (agent-roles.yaml:2) does not grant (granted: none).',
    ]);
  });

  it('path-not-granted: one finding per path, the other ways counted; the root agent is granted "(root)"', () => {
    const root = makeTree({
      'agentship.yaml': 'agents:\n  main: { path: . }\n',
      'AGENTS.md': '# Main\n',
      'agent-roles.yaml': 'roles:\n  - agent: main\n    allowed-paths: [docs/**]\n',
      '.claude/settings.json': JSON.stringify({ permissions: { additionalDirectories: ['/etc', '../infra'], allow: ['Edit(//etc)', 'Read(//etc)', 'Read(../infra)'] } }, null, 2),
    });
    expect(messagesOf(root, 'roles/path-not-granted')).toEqual([
      '.claude/settings.json:4 Agent "main" can reach `/etc` through additionalDirectories (and 2 more ways), which its role (agent-roles.yaml:2) does not grant (granted: (root), docs/**).',
      '.claude/settings.json:5 Agent "main" can reach `../infra` through additionalDirectories (and 1 more way), which its role (agent-roles.yaml:2) does not grant (granted: (root), docs/**).',
    ]);
  });

  it('a role without allowed paths or servers does not limit them; a read-only role without servers still checks the servers it reaches', () => {
    const root = makeTree({
      'agentship.yaml': 'agents:\n  triage: {}\n',
      'agents/triage/AGENTS.md': '# Triage\n',
      'agent-roles.yaml': 'roles:\n  - agent: triage\n    read-only: true\n',
      'agents/triage/.mcp.json': JSON.stringify({ mcpServers: { github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' } } }, null, 2),
      'agents/triage/.claude/settings.json': JSON.stringify({ permissions: { additionalDirectories: ['/etc'] } }),
    });
    expect(findingsOf(root)).toEqual(['roles/read-only-write-server agents/triage/.mcp.json:3 error']);
  });

  it('missing-role points at the roles file when the agent has no instruction file; unknown-agent says when there are no agents', () => {
    const declared = makeTree({ 'agentship.yaml': 'agents:\n  writer: {}\n', 'agent-roles.yaml': 'roles:\n  - agent: reviewer\n' });
    expect(messagesOf(declared, 'roles/missing-role')).toEqual([
      'agent-roles.yaml:1 Agent "writer" has no role in agent-roles.yaml; add a row with its purpose, allowed MCP servers, read-only, allowed paths and approval gate.',
    ]);
    const none = makeTree({ 'agentship.yaml': 'agents: {}\n', 'agent-roles.yaml': 'roles:\n  - agent: reviewer\n' });
    expect(messagesOf(none, 'roles/unknown-agent')).toEqual(['agent-roles.yaml:2 Role for "reviewer", but there is no such agent (agents: none).']);
  });
});

describe('parseRolesMarkdown', () => {
  it('reads the columns by heading, lists, read-only words and line numbers', () => {
    const text = [
      '# Roles',
      '',
      '```',
      '| agent | purpose |',
      '|---|---|',
      '| not-a-role | inside a code fence |',
      '```',
      '',
      '| **Agent** | Purpose | Allowed MCP servers | Read-only | Allowed paths | Approval gate |',
      '| :--- | --- | --- | :-: | --- | --- |',
      '| `triage` | Routes issues | linear, `sentry` | ✓ | `runbooks/**`<br>`docs/**` | none |',
      '| fixer | Fixes bugs | - | no | | reviewer |',
    ].join('\n');
    const { roles, problems } = parseRolesMarkdown(text, 'agent-roles.md');
    expect(problems).toEqual([]);
    expect(roles).toEqual([
      { agent: 'triage', purpose: 'Routes issues', servers: ['linear', 'sentry'], readOnly: true, paths: ['runbooks/**', 'docs/**'], approvalGate: 'none', file: 'agent-roles.md', line: 11 },
      { agent: 'fixer', purpose: 'Fixes bugs', servers: [], readOnly: false, paths: [], approvalGate: 'reviewer', file: 'agent-roles.md', line: 12 },
    ]);
  });
});

describe('isWriteCapable', () => {
  it('by name, package and URL, unless a read-only switch is set', () => {
    expect(isWriteCapable({ name: 'fs', command: 'npx', args: ['@modelcontextprotocol/server-filesystem@1.0.0', '.'] })).toBe(true);
    expect(isWriteCapable({ name: 'github', url: 'https://api.githubcopilot.com/mcp/' })).toBe(true);
    expect(isWriteCapable({ name: 'github', url: 'https://api.githubcopilot.com/mcp/readonly' })).toBe(false);
    expect(isWriteCapable({ name: 'db', command: 'npx', args: ['@x/postgres-mcp@1.0.0', '--read-only'] })).toBe(false);
    expect(isWriteCapable({ name: 'gh', command: 'docker', args: ['run', 'ghcr.io/github/github-mcp-server:1.0.0'], env: { GITHUB_READ_ONLY: '1' } })).toBe(false);
    expect(isWriteCapable({ name: 'docs', url: 'https://mcp.example.com/mcp' })).toBe(false);
    expect(isWriteCapable({ name: 'context7' })).toBe(false);
  });
});

describe('docs', () => {
  it('has a page with why, a bad and a good example for every roles/ rule', () => {
    for (const rule of rolesRules) {
      const page = readFileSync(join(REPO_ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
      expect(page.startsWith(`# ${rule.id}\n`), rule.id).toBe(true);
      for (const heading of ['## Why', '## Bad', '## Good']) expect(page, `${rule.id} ${heading}`).toContain(heading);
    }
  });
});
