import type { Rule } from '../types.js';
import { reportsOf } from './scan-files.js';

export const connectionString: Rule = {
  id: 'secret/connection-string',
  severity: 'error',
  description: 'A database URL with a password, or an Azure connection string with an account key, is written in a file.',
  check: (context) => reportsOf(context, 'connection-string', 'change the password or key, then build the URL from environment variables.'),
};
