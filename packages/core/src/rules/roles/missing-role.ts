import type { Rule } from '../types.js';
import { agentsWithRoles } from './context.js';

export const missingRole: Rule = {
  id: 'roles/missing-role',
  severity: 'warning',
  description: 'An agent has no role in the agent-roles file, so nothing limits its MCP servers and paths.',
  *check({ workspace }) {
    const found = agentsWithRoles(workspace);
    if (!found) return;
    const rolesFile = workspace.roles[0].file.path;
    for (const { agent, role } of found.agents) {
      if (role) continue;
      const instructions = workspace.instructions.find((i) => i.dir === agent.path);
      yield {
        message: `Agent "${agent.name}" has no role in ${rolesFile}; add a row with its purpose, allowed MCP servers, read-only, allowed paths and approval gate.`,
        file: instructions?.file.path ?? rolesFile,
        line: 1,
      };
    }
  },
};
