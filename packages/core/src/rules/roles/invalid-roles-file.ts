import type { Rule } from '../types.js';
import { rolesOf } from '../../roles/index.js';

export const invalidRolesFile: Rule = {
  id: 'roles/invalid-roles-file',
  severity: 'error',
  description: 'An agent-roles file cannot be read as roles: no table with an Agent column, a role without an agent, an unknown field, a duplicate.',
  *check({ workspace }) {
    for (const problem of rolesOf(workspace).problems) yield problem;
  },
};
