import type { Rule } from '../types.js';
import { locatedServers } from './servers.js';

export const trustAllTools: Rule = {
  id: 'mcp/trust-all-tools',
  severity: 'error',
  description: 'An MCP server is marked trust: true, which skips the confirmation of every one of its tool calls.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      if (server.raw.trust !== true) continue;
      yield { message: `MCP server "${server.name}" has \`trust: true\`: every tool call runs without confirmation. Remove it, or allow named tools (includeTools) instead.`, file: server.file, line: lineAt('trust') };
    }
  },
};
