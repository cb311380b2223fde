import type { Rule } from '../types.js';
import { dangerousCommand } from '../../mcp/checks.js';
import { locatedServers } from './servers.js';

export const dangerousCommandRule: Rule = {
  id: 'mcp/dangerous-command',
  severity: 'error',
  description: 'An MCP server start command chains shell commands or uses sudo, rm -rf or a download piped into a shell.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      const reasons = dangerousCommand(server);
      if (reasons.length === 0) continue;
      yield { message: `MCP server "${server.name}" starts with ${reasons.join(', ')}; every user who approves the server runs it. Start one program with plain arguments.`, file: server.file, line: lineAt('command') };
    }
  },
};
