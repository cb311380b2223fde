import type { Rule } from '../types.js';
import { fileTokens } from './file-tokens.js';
import { contextTokens } from './context-tokens.js';
import { environmentSchema } from './environment-schema.js';

export const budgetRules: Rule[] = [fileTokens, contextTokens, environmentSchema];
