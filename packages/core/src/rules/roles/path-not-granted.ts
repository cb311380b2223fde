import type { Rule } from '../types.js';
import { pathGranted, pathsUsedBy, type PathUse } from '../../roles/usage.js';
import { agentsWithRoles } from './context.js';

export const pathNotGranted: Rule = {
  id: 'roles/path-not-granted',
  severity: 'error',
  description: 'An agent can reach a path its role does not grant (a filesystem server root, additionalDirectories, a Read/Edit allow rule).',
  *check({ workspace }) {
    const found = agentsWithRoles(workspace);
    if (!found) return;
    for (const { agent, role } of found.agents) {
      if (!role) continue;
      const byPath = new Map<string, PathUse[]>();
      for (const use of pathsUsedBy(workspace, agent)) {
        if (pathGranted(role, agent, use.path)) continue;
        byPath.set(use.path, [...(byPath.get(use.path) ?? []), use]);
      }
      for (const [first, ...more] of byPath.values()) {
        // Only a role that lists paths limits them (pathGranted), so role.paths is set here.
        const granted = [agent.path || '(root)', ...role.paths!].join(', ');
        const also = more.length ? ` (and ${more.length} more way${more.length > 1 ? 's' : ''})` : '';
        yield { message: `Agent "${agent.name}" can reach \`${first.path}\` through ${first.via}${also}, which its role (${role.file}:${role.line}) does not grant (granted: ${granted}).`, file: first.file, line: first.line };
      }
    }
  },
};
