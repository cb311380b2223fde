import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatMcpCheckMarkdown, formatMcpCheckText } from '@agentship/core/mcpcheck';
import { localPlatform } from '@agentship/platform/local';
import { runMcpCheckStage } from '@agentship/platform/stages';
import { emit, EXIT, formatOptions, oneOf, UsageError, type Command } from '../io.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

export const mcpCheckCommand: Command = {
  name: 'mcp-check',
  summary: 'Stage 3: start every configured MCP server, run initialize and tools/list, report its tools.',
  usage: `Usage: agentship mcp-check [dir] [options]

Starts every MCP server configured under dir (.mcp.json, .vscode/mcp.json, .cursor/mcp.json,
claude_desktop_config.json, .codex/config.toml, ...) with the official MCP TypeScript SDK: stdio
servers as child processes, HTTP servers by URL. Each gets initialize and tools/list within the
timeout, then is closed. \${VAR} references are filled from the environment.

Options:
  -f, --format <fmt>      text, json or markdown (default: text)
  -o, --output <file>     write the report to a file instead of stdout
  -c, --config <file>     agentship.yaml to use
      --server <name>     check only this server (repeatable)
      --timeout-ms <ms>   per step (initialize, tools/list); default 20000
  -h, --help              show this help

Exit codes: 0 every server answered, 1 a server failed, 2 usage or configuration error.
`,
  options: { ...formatOptions, config: { type: 'string', short: 'c' }, server: { type: 'string', multiple: true }, 'timeout-ms': { type: 'string' } },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, FORMATS, '--format') ?? 'text';
    const root = resolve(io.cwd, positionals[0] ?? '.');
    if (!existsSync(root)) throw new UsageError(`No such folder: ${positionals[0]}`);
    const timeout = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout-ms must be a positive number.');
    const platform = localPlatform({ log: (line) => io.stderr(line + '\n') });
    const { servers: results, findings, failure } = await runMcpCheckStage(platform, {
      workspace: io.cwd,
      path: positionals[0] ?? '.',
      config: values.config as string | undefined,
      servers: values.server as string[] | undefined,
      timeoutMs: timeout,
      env: io.env,
    });
    const report = format === 'json' ? JSON.stringify({ version: 1, servers: results, findings }, null, 2) + '\n' : format === 'markdown' ? formatMcpCheckMarkdown(results) : formatMcpCheckText(results);
    emit(io, report, values.output as string | undefined);
    return failure ? EXIT.gateFailed : EXIT.passed;
  },
};
