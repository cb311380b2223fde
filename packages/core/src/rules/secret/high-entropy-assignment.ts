import type { Rule } from '../types.js';
import { reportsOf } from './scan-files.js';

export const highEntropyAssignment: Rule = {
  id: 'secret/high-entropy-assignment',
  severity: 'error',
  description: 'A random-looking literal is assigned to a name like *_KEY, *_TOKEN, *_SECRET or PASSWORD.',
  check: (context) =>
    reportsOf(context, 'generic', 'if it is a credential, rotate it and reference it as ${VAR}; if not, add `agentship:allow` on the line.'),
};
