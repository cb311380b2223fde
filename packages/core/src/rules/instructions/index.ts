import type { Rule } from '../types.js';

export const instructionsRules: Rule[] = [];
