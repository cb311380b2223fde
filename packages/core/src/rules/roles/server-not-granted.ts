import type { Rule } from '../types.js';
import { serverGranted, serversUsedBy, type ServerUse } from '../../roles/usage.js';
import { agentsWithRoles } from './context.js';

export const serverNotGranted: Rule = {
  id: 'roles/server-not-granted',
  severity: 'error',
  description: "An agent can use an MCP server its role does not grant (from an MCP config or an mcp__ permission that applies to its folder).",
  *check({ workspace }) {
    const found = agentsWithRoles(workspace);
    if (!found) return;
    for (const { agent, role } of found.agents) {
      if (!role) continue;
      // One finding per agent and server, at its first place; the others are counted.
      const byServer = new Map<string, ServerUse[]>();
      for (const use of serversUsedBy(workspace, agent)) {
        if (serverGranted(role, use.name)) continue;
        const key = use.name.toLowerCase();
        byServer.set(key, [...(byServer.get(key) ?? []), use]);
      }
      for (const [first, ...more] of byServer.values()) {
        const granted = role.servers!.length ? role.servers!.join(', ') : 'none';
        const also = more.length ? ` (and in ${more.length} more place${more.length > 1 ? 's' : ''})` : '';
        yield { message: `Agent "${agent.name}" can use MCP server "${first.name}"${also}, which its role (${role.file}:${role.line}) does not grant (granted: ${granted}).`, file: first.file, line: first.line };
      }
    }
  },
};
