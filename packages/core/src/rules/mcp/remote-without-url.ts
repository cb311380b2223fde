import type { Rule } from '../types.js';
import { locatedServers } from './servers.js';

export const remoteWithoutUrl: Rule = {
  id: 'mcp/remote-without-url',
  severity: 'error',
  description: 'A remote MCP server (type http, sse or ws) has no url to connect to.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      if (server.transport === 'stdio' || (typeof server.url === 'string' && server.url.trim() !== '')) continue;
      yield { message: `MCP server "${server.name}" is of type "${server.declaredType ?? server.transport}" but has no \`url\`.`, file: server.file, line: lineAt('type') };
    }
  },
};
