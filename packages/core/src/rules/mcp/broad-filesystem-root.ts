import type { Rule } from '../types.js';
import { broadRoot, filesystemRoots } from '../../mcp/checks.js';
import { locatedServers } from './servers.js';

export const broadFilesystemRoot: Rule = {
  id: 'mcp/broad-filesystem-root',
  severity: 'error',
  description: 'A filesystem MCP server (or a container mount) exposes /, the home folder, a credentials folder, /etc or a drive root.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      for (const root of filesystemRoots(server)) {
        const why = broadRoot(root.path);
        if (why) yield { message: `MCP server "${server.name}" exposes \`${root.path}\`: ${why}. Give it the project folder only.`, file: server.file, line: lineAt('args', root.argIndex) };
      }
    }
  },
};
