import { describe, expect, it } from 'vitest';
import { listAgents, validate } from '@agentship/core';
import { EXAMPLES, runCli } from '../helpers.js';

describe('examples/: the bundled agent-config repository', () => {
  const result = validate(EXAMPLES);
  const ws = result.workspace;

  it('validates clean with every rule on', () => {
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'} ${f.message}`)).toEqual([]);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 0, notes: 0, suppressed: 0, baselined: 0 });
  });

  it('is as full as a real team\'s: agents with roles, a dozen skills, nested instructions, MCP configs of three clients, four environments', () => {
    const agents = listAgents(ws);
    expect(agents.map((a) => a.name).sort()).toEqual(['docs-writer', 'release-manager', 'reviewer', 'triage']);
    expect(agents.every((a) => a.declared)).toBe(true);
    expect(ws.roles.map((r) => r.file.path)).toEqual(['agent-roles.md']);

    expect(ws.skills.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ws.skills.map((s) => s.profile))).toEqual(new Set(['claude-code', 'codex', 'spec']));
    expect(ws.skills.filter((s) => s.files.some((f) => f.includes('/references/'))).length).toBeGreaterThanOrEqual(8);
    expect(ws.skills.filter((s) => s.files.some((f) => f.includes('/scripts/'))).length).toBeGreaterThanOrEqual(4);

    const instructions = ws.instructions.map((i) => i.file.path);
    for (const agent of agents) expect(instructions).toContain(`${agent.path}/AGENTS.md`);
    const rootClaude = ws.instructions.find((i) => i.file.path === 'CLAUDE.md');
    expect(rootClaude?.file.text.split('\n')[0]).toBe('@AGENTS.md');

    expect(new Set(ws.mcpConfigs.map((m) => m.flavor))).toEqual(new Set(['claude-code', 'vscode', 'codex']));
    expect(ws.claudeSettings.length).toBeGreaterThanOrEqual(1);

    for (const env of ['local', 'ci', 'staging', 'production']) {
      const files = ws.environments.filter((e) => e.environment === env).map((e) => e.file.path).sort();
      expect(files).toEqual([`environments/${env}/budget-limits.yaml`, `environments/${env}/model-overrides.yaml`]);
    }
  });

  it('keeps secrets out: MCP configs reference variables, and shared ones have defaults', () => {
    for (const config of ws.mcpConfigs.filter((m) => m.flavor === 'claude-code')) {
      for (const match of config.file.text.matchAll(/\$\{([A-Z_]+)(:-[^}]*)?\}/g)) expect(match[2], `${config.file.path}: ${match[0]}`).toBeDefined();
    }
  });

  it('passes `agentship validate examples` (exit 0), as the README says', () => {
    const run = runCli(['validate', 'examples']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/✔ 0 errors, 0 warnings, 0 notes in \d+ files/);
  });
});
