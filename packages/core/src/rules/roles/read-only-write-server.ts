import type { Rule } from '../types.js';
import { isWriteCapable } from '../../roles/index.js';
import { serversUsedBy } from '../../roles/usage.js';
import { agentsWithRoles } from './context.js';

export const readOnlyWriteServer: Rule = {
  id: 'roles/read-only-write-server',
  severity: 'error',
  description: 'A read-only role grants or reaches an MCP server that can write (filesystem, git hosts, databases, messaging, cloud, browsers).',
  *check({ workspace }) {
    const found = agentsWithRoles(workspace);
    if (!found) return;
    for (const { agent, role } of found.agents) {
      if (!role?.readOnly) continue;
      const reported = new Set<string>();
      for (const use of serversUsedBy(workspace, agent)) {
        const key = use.name.toLowerCase();
        if (reported.has(key) || !isWriteCapable(use.description ?? { name: use.name })) continue;
        reported.add(key);
        yield { message: `Agent "${agent.name}" is read-only, but MCP server "${use.name}" can write; use its read-only mode (--read-only) or a read-only server.`, file: use.file, line: use.line };
      }
      for (const name of role.servers ?? []) {
        const key = name.toLowerCase();
        if (reported.has(key) || name.includes('*') || !isWriteCapable({ name })) continue;
        reported.add(key);
        yield { message: `Role of "${agent.name}" is read-only but grants MCP server "${name}", which can write.`, file: role.file, line: role.line };
      }
    }
  },
};
