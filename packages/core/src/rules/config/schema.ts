import type { Rule } from '../types.js';
import { problemsOf } from './problems.js';

export const schema: Rule = {
  id: 'config/schema',
  severity: 'error',
  description: 'agentship.yaml follows its JSON Schema (schemas/agentship.schema.json).',
  check: (context) => problemsOf(context, 'config/schema'),
};
