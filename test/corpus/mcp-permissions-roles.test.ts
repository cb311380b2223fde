import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, parseJson, validate, type DataFile } from '@agentship/core';
import { SourceFile } from '@agentship/core';
import { mcpServerMapOf, normalizeMcpConfig } from '@agentship/core/mcp';
import { mcpRules } from '../../packages/core/src/rules/mcp/index.js';
import { permissionsRules } from '../../packages/core/src/rules/permissions/index.js';
import { rolesRules } from '../../packages/core/src/rules/roles/index.js';
import { commandWithArguments } from '../../packages/core/src/mcp/checks.js';
import { CORPUS } from '../helpers.js';

/**
 * Every MCP config and Claude Code settings file in ../shared/corpus, with the findings a reviewer
 * would agree with: [file, [ruleId:line...], why]. A file with [] is clean on purpose.
 */
const PLUGINS = 'anthropics__claude-plugins-official';
const EXPECTED: Array<[string, string[], string]> = [
  ['agentskills__agentskills/.claude/settings.json', ['permissions/committed-hooks:8'], 'a SessionStart hook runs .claude/hooks/session-start.sh for everyone who opens the repository'],
  [`${PLUGINS}/external_plugins/context7/.mcp.json`, [], 'https, and ${CONTEXT7_API_KEY:-} has a default'],
  [`${PLUGINS}/external_plugins/discord/.mcp.json`, [], 'a local bun script; ${CLAUDE_PLUGIN_ROOT} is set by Claude Code for plugins'],
  [`${PLUGINS}/external_plugins/fakechat/.mcp.json`, [], 'as discord'],
  [`${PLUGINS}/external_plugins/firebase/.mcp.json`, ['mcp/unpinned-package:4'], 'npx -y firebase-tools@latest runs whatever is published next'],
  [`${PLUGINS}/external_plugins/github/.mcp.json`, ['mcp/variable-without-default:6'], 'Bearer ${GITHUB_PERSONAL_ACCESS_TOKEN} has no default: unset, the literal is sent'],
  [`${PLUGINS}/external_plugins/gitlab/.mcp.json`, [], 'https with a type (bare map)'],
  [`${PLUGINS}/external_plugins/greptile/.mcp.json`, ['mcp/variable-without-default:6'], 'Bearer ${GREPTILE_API_KEY} has no default'],
  [`${PLUGINS}/external_plugins/imessage/.mcp.json`, [], 'as discord'],
  [`${PLUGINS}/external_plugins/laravel-boost/.mcp.json`, [], 'php artisan in the project: nothing downloaded'],
  [`${PLUGINS}/external_plugins/linear/.mcp.json`, [], 'https with a type'],
  [`${PLUGINS}/external_plugins/playwright/.mcp.json`, ['mcp/unpinned-package:4'], '@playwright/mcp@latest'],
  [`${PLUGINS}/external_plugins/serena/.mcp.json`, ['mcp/unpinned-package:4'], 'uvx --from git+https://github.com/oraios/serena without a commit'],
  [`${PLUGINS}/external_plugins/telegram/.mcp.json`, [], 'as discord'],
  [`${PLUGINS}/external_plugins/terraform/.mcp.json`, ['mcp/variable-without-default:8'], 'docker image pinned to 0.4.0, but TFE_TOKEN=${TFE_TOKEN} has no default'],
  [`${PLUGINS}/plugins/example-plugin/.mcp.json`, [], 'https with a type'],
  ['modelcontextprotocol__servers/.mcp.json', [], 'https with a type'],
  ['snyk__agent-scan/tests/canary_specs/canary_test_supported_agents/test_projects/proj/.mcp.json', [], 'echo fixture: harmless'],
  [
    'snyk__agent-scan/tests/mcp_servers/.test-client/mcp.json',
    ['mcp/command-with-arguments:4', 'mcp/command-with-arguments:8', 'mcp/command-with-arguments:12'],
    '"uv run python" as command: spawned without a shell, no such program (the Snyk entry has a path with a space, which is fine)',
  ],
  ['snyk__agent-scan/tests/mcp_servers/.test-client-invalid/mcp.json', ['mcp/unknown-shape:2'], '"mcp": [] and an unrelated key: not an MCP config (a warning: mcp.json of an unknown client)'],
];

/** Files the CLI of snyk/agent-scan is given by path; their names are no client's, so discovery does not pick them up. */
const NOT_DISCOVERED: Array<[string, string[], string]> = [
  ['snyk__agent-scan/tests/mcp_servers/configs_files/all_config.json', ['Weather', 'Math'], '"uv run python" again'],
  ['snyk__agent-scan/tests/mcp_servers/configs_files/math_config.json', ['Math'], '"uv run python"'],
  ['snyk__agent-scan/tests/mcp_servers/configs_files/sbb_config.json', ['SBB'], '"uv run python"'],
  ['snyk__agent-scan/tests/mcp_servers/configs_files/weather_config.json', ['Weather'], '"uv run python"'],
  ['snyk__agent-scan/tests/mcp_servers/configs_files/vs_code_settings_file_with_empty_mcp.json', [], 'VS Code settings with an empty "mcp" object'],
  ['snyk__agent-scan/tests/mcp_servers/configs_files/vs_code_settings_file_without_mcp.json', [], 'VS Code settings without MCP'],
];

describe('mcp/, permissions/ and roles/ over ../shared/corpus', () => {
  const result = validate(CORPUS, { rules: [...mcpRules, ...permissionsRules, ...rolesRules] });
  const workspace = discover(CORPUS);

  it('discovers exactly the MCP configs and settings files listed here', () => {
    const discovered = [...workspace.mcpConfigs, ...workspace.claudeSettings].map((d) => d.file.path).sort();
    expect(discovered).toEqual(EXPECTED.map(([file]) => file).sort());
  });

  for (const [file, findings, why] of EXPECTED) {
    it(`${file}: ${why}`, () => {
      const got = result.findings.filter((f) => f.file === file).map((f) => `${f.ruleId}:${f.line}`);
      expect(got).toEqual(findings);
    });
  }

  it('no finding outside the files listed (the corpus has no roles file, so roles/ is silent)', () => {
    const listed = new Set(EXPECTED.map(([file]) => file));
    expect(result.findings.filter((f) => !listed.has(f.file))).toEqual([]);
    expect(workspace.roles).toEqual([]);
  });

  it('messages carry no secret and name what to do', () => {
    for (const f of result.findings) expect(f.message.length).toBeGreaterThan(40);
    expect(result.findings.find((f) => f.file.endsWith('serena/.mcp.json'))?.message).toContain('git+https://github.com/oraios/serena');
  });

  for (const [file, names, why] of NOT_DISCOVERED) {
    it(`${file} (not discovered by name): normalises to ${names.length} servers; ${why}`, () => {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const doc: DataFile = { file: new SourceFile(file, join(CORPUS, file), text, text.length, false), kind: 'mcp', format: 'json', flavor: 'generic', data: parseJson(text) };
      expect(workspace.mcpConfigs.some((d) => d.file.path === file)).toBe(false);
      const servers = normalizeMcpConfig(doc);
      expect(servers.map((s) => s.name)).toEqual(names);
      // The same finding as .test-client/mcp.json, for every server of these files.
      expect(servers.every((s) => commandWithArguments(s))).toBe(true);
      if (names.length === 0) expect(mcpServerMapOf(doc.data!.value, 'generic').shape).toBe(file.includes('empty') ? 'empty' : 'unknown');
    });
  }
});
