import type { Rule } from '../types.js';
import { locatedServers } from './servers.js';

export const stdioWithoutCommand: Rule = {
  id: 'mcp/stdio-without-command',
  severity: 'error',
  description: 'A local (stdio) MCP server has no command to start, or a command that is not a string.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      if (server.transport !== 'stdio' || server.url !== undefined) continue;
      const raw = server.raw.command;
      if (typeof raw === 'string' && raw.trim() !== '') continue;
      const why = raw === undefined ? 'has neither a `command` nor a `url`' : 'has a `command` that is not a non-empty string';
      yield { message: `MCP server "${server.name}" ${why}; the client cannot start it.`, file: server.file, line: raw === undefined ? lineAt() : lineAt('command') };
    }
  },
};
