import type { Rule } from '../types.js';
import { problemsOf } from './problems.js';

export const fileUnreadable: Rule = {
  id: 'config/file-unreadable',
  severity: 'error',
  description: 'Governed files can be read: not too large, not binary, not unreadable.',
  check: (context) => problemsOf(context, 'config/file-unreadable'),
};
