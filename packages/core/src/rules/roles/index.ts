import type { Rule } from '../types.js';

export const rolesRules: Rule[] = [];
