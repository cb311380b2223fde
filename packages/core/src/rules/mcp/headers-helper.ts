import type { Rule } from '../types.js';
import { locatedServers } from './servers.js';

export const headersHelper: Rule = {
  id: 'mcp/headers-helper',
  severity: 'warning',
  description: 'A committed MCP config runs a headersHelper shell command on every connection.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      if (server.raw.headersHelper === undefined) continue;
      yield { message: `MCP server "${server.name}" has a \`headersHelper\`: a shell command every user runs on connecting, once they trust the folder. Prefer headers with \${VAR} references.`, file: server.file, line: lineAt('headersHelper') };
    }
  },
};
