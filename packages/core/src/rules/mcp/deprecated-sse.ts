import type { Rule } from '../types.js';
import { locatedServers } from './servers.js';

export const deprecatedSse: Rule = {
  id: 'mcp/deprecated-sse',
  severity: 'warning',
  description: 'An MCP server uses the SSE transport, deprecated in favour of Streamable HTTP.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      if (server.transport !== 'sse') continue;
      const fix = server.flavor === 'gemini' ? 'use `httpUrl` for Streamable HTTP' : 'use "type": "http" if the server speaks Streamable HTTP';
      yield { message: `MCP server "${server.name}" uses the deprecated SSE transport; ${fix}.`, file: server.file, line: server.declaredType ? lineAt('type') : lineAt('url') };
    }
  },
};
