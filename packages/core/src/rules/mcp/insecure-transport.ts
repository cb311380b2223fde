import type { Rule } from '../types.js';
import { insecureUrl } from '../../mcp/checks.js';
import { locatedServers } from './servers.js';

export const insecureTransport: Rule = {
  id: 'mcp/insecure-transport',
  severity: 'error',
  description: 'A remote MCP server is reached over http:// or ws:// on a non-loopback host, or its OAuth metadata is not https://.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      const why = server.url ? insecureUrl(server.url) : undefined;
      if (why) yield { message: `MCP server "${server.name}": ${why}; use https:// or wss://.`, file: server.file, line: lineAt(typeof server.raw.httpUrl === 'string' ? 'httpUrl' : 'url') };
      const oauth = server.raw.oauth as Record<string, unknown> | undefined;
      const metadata = oauth && typeof oauth === 'object' ? oauth.authServerMetadataUrl : undefined;
      if (typeof metadata === 'string' && !/^https:\/\//i.test(metadata.trim())) {
        yield { message: `MCP server "${server.name}": \`oauth.authServerMetadataUrl\` must be https:// (MCP authorization spec).`, file: server.file, line: lineAt('oauth', 'authServerMetadataUrl') };
      }
    }
  },
};
