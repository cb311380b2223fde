import type { Workspace } from '../../discover/index.js';
import { listAgents, type Agent } from '../../agents/index.js';
import { rolesOf, type Role, type Roles } from '../../roles/index.js';

export interface AgentWithRole {
  agent: Agent;
  role?: Role;
}

/** The agents and their roles; undefined when the repository has no roles file (roles are opt-in). */
export function agentsWithRoles(ws: Workspace): { roles: Roles; agents: AgentWithRole[] } | undefined {
  if (ws.roles.length === 0) return undefined;
  const roles = rolesOf(ws);
  // A roles file that gave no role at all is roles/invalid-roles-file's; judging agents by it would only repeat that.
  if (roles.roles.length === 0 && roles.problems.length > 0) return undefined;
  const byName = new Map(roles.roles.map((r) => [r.agent.toLowerCase(), r]));
  return { roles, agents: listAgents(ws).map((agent) => ({ agent, role: byName.get(agent.name.toLowerCase()) })) };
}
