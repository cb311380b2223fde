import type { Rule } from '../types.js';

export const permissionsRules: Rule[] = [];
