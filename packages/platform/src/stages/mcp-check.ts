import { resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { discover } from '@agentship/core/discover';
import type { Finding } from '@agentship/core/findings';
import { checkRuleLevels } from '@agentship/core/registry';
import type { McpServerCheck } from '@agentship/core/mcpcheck';
import type { Platform } from '../types.js';

export interface McpCheckStageInputs {
  workspace: string;
  path: string;
  config?: string;
  /** Check only these servers; a name no config defines is a configuration error. */
  servers?: string[];
  /** Per step (initialize, tools/list); default 20000. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface McpCheckStageResult {
  servers: McpServerCheck[];
  findings: Finding[];
  failure?: string;
}

/** Stage 3: start every configured MCP server, ask for its tools, report each that failed. */
export async function runMcpCheckStage(
  platform: Platform,
  inputs: McpCheckStageInputs,
): Promise<McpCheckStageResult> {
  const timeoutMs = inputs.timeoutMs;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new ConfigError(`timeout-ms must be a positive number (got "${timeoutMs}").`);
  }
  // The MCP SDK loads only when a check runs: the other stages share this module's barrel.
  const mcpcheck = await import('@agentship/core/mcpcheck');
  const ws = discover(resolve(inputs.workspace, inputs.path), { configPath: inputs.config });
  checkRuleLevels(ws.config);
  const only = inputs.servers;
  const env = inputs.env ?? process.env;
  const servers = await mcpcheck.checkMcpServers(ws, { timeoutMs, env, only });
  const unknown = (only ?? []).filter((name) => !servers.some((s) => s.name === name));
  if (unknown.length) throw new ConfigError(`no configured MCP server named ${unknown.join(', ')}`);
  const findings = mcpcheck.mcpCheckFindings(servers, ws.config);
  const errors = findings.filter((f) => f.severity === 'error');
  await platform.writeSummary(mcpcheck.formatMcpCheckMarkdown(servers));
  platform.setOutput('servers', servers.length);
  platform.setOutput('failed', errors.length);
  const failure = errors.length
    ? `agentship mcp-check: ${errors.length} of ${servers.length} servers failed.`
    : undefined;
  return { servers, findings, failure };
}
