import type { Rule } from '../types.js';
import { locatedServers } from './servers.js';

export const remoteWithoutType: Rule = {
  id: 'mcp/remote-without-type',
  severity: 'error',
  description: 'A Claude Code MCP server has a url but no type; Claude Code refuses the entry.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      // Cursor, Claude Desktop and Gemini infer the transport from the url; Claude Code does not.
      if (server.flavor !== 'claude-code' || server.url === undefined || server.declaredType !== undefined) continue;
      yield { message: `MCP server "${server.name}" has a \`url\` but no \`type\`; add "type": "http" (or "sse" / "ws").`, file: server.file, line: lineAt('url') };
    }
  },
};
