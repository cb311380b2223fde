import type { Rule } from '../types.js';

export const budgetRules: Rule[] = [];
