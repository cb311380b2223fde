import { resolve } from 'node:path';
import { ConfigError, discover, type Finding } from '@agentship/core';
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
export async function runMcpCheckStage(platform: Platform, inputs: McpCheckStageInputs): Promise<McpCheckStageResult> {
  if (inputs.timeoutMs !== undefined && !(inputs.timeoutMs > 0)) throw new ConfigError(`timeout-ms must be a positive number (got "${inputs.timeoutMs}").`);
  // The MCP SDK loads only when a check runs: the other stages share this module's barrel.
  const { checkMcpServers, formatMcpCheckMarkdown, mcpCheckFindings } = await import('@agentship/core/mcpcheck');
  const ws = discover(resolve(inputs.workspace, inputs.path), { configPath: inputs.config });
  const only = inputs.servers;
  const servers = await checkMcpServers(ws, { timeoutMs: inputs.timeoutMs, env: inputs.env ?? process.env, only });
  const unknown = (only ?? []).filter((name) => !servers.some((s) => s.name === name));
  if (unknown.length) throw new ConfigError(`no configured MCP server named ${unknown.join(', ')}`);
  const findings = mcpCheckFindings(servers);
  await platform.writeSummary(formatMcpCheckMarkdown(servers));
  platform.setOutput('servers', servers.length);
  platform.setOutput('failed', findings.length);
  return { servers, findings, failure: findings.length ? `agentship mcp-check: ${findings.length} of ${servers.length} servers failed.` : undefined };
}
