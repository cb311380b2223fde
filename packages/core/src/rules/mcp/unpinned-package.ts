import type { Rule } from '../types.js';
import { unpinnedPackage } from '../../mcp/checks.js';
import { locatedServers } from './servers.js';

export const unpinnedPackageRule: Rule = {
  id: 'mcp/unpinned-package',
  severity: 'warning',
  description: 'An MCP server is started from a package, git source or image that is not pinned to an exact version, commit or digest.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      const found = unpinnedPackage(server);
      if (!found) continue;
      const inArgs = server.args !== undefined && found.argIndex < server.args.length && server.args[found.argIndex] === found.spec;
      yield {
        message: `MCP server "${server.name}" runs \`${found.spec}\` unpinned: ${found.why}. Pin an exact version (pkg@1.2.3, pkg==1.2.3, git+…@<commit>, image@sha256:…).`,
        file: server.file,
        line: inArgs ? lineAt('args', found.argIndex) : lineAt('command'),
      };
    }
  },
};
