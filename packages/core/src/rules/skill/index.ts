import type { Rule } from '../types.js';

export const skillRules: Rule[] = [];
