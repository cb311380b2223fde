import type { Rule } from './types.js';
import { configRules } from './config/index.js';
import { skillRules } from './skill/index.js';
import { instructionsRules } from './instructions/index.js';
import { budgetRules } from './budget/index.js';
import { secretRules } from './secret/index.js';
import { mcpRules } from './mcp/index.js';
import { permissionsRules } from './permissions/index.js';
import { rolesRules } from './roles/index.js';

export type { Rule, Report, RuleContext } from './types.js';

/** Every validate rule, family by family. Each family's index lists its modules. */
export const allRules: Rule[] = [
  ...configRules,
  ...skillRules,
  ...instructionsRules,
  ...budgetRules,
  ...secretRules,
  ...mcpRules,
  ...permissionsRules,
  ...rolesRules,
];
