import type { Rule } from '../types.js';
import { reportsOf } from './scan-files.js';

export const privateKey: Rule = {
  id: 'secret/private-key',
  severity: 'error',
  description: 'A private key (PEM in any form, OpenSSH, PGP, PuTTY; raw or JSON-escaped) is written in a file.',
  check: (context) => reportsOf(context, 'private-key', 'replace the key pair, then load the key from a secret store or a file outside the repository.'),
};
