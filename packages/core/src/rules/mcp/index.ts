import type { Rule } from '../types.js';

export const mcpRules: Rule[] = [];
