import type { Rule } from '../types.js';
import { agentsWithRoles } from './context.js';

export const unknownAgent: Rule = {
  id: 'roles/unknown-agent',
  severity: 'warning',
  description: 'A role names an agent the repository does not have (a typo, or an agent that was removed).',
  *check({ workspace }) {
    const found = agentsWithRoles(workspace);
    if (!found) return;
    const names = new Set(found.agents.map((a) => a.agent.name.toLowerCase()));
    for (const role of found.roles.roles) {
      if (names.has(role.agent.toLowerCase())) continue;
      yield { message: `Role for "${role.agent}", but there is no such agent (agents: ${[...names].join(', ') || 'none'}).`, file: role.file, line: role.line };
    }
  },
};
