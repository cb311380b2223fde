import type { Rule } from '../types.js';
import { redact } from '../../secrets/index.js';
import { plaintextSecrets } from '../../mcp/checks.js';
import { locatedServers } from './servers.js';

export const plaintextSecret: Rule = {
  id: 'mcp/plaintext-secret',
  severity: 'error',
  description: 'A credential is written into an MCP config (env, headers, args or url) instead of a variable reference or an input.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      for (const secret of plaintextSecrets(server)) {
        const field = secret.field.map((f) => (typeof f === 'number' ? `[${f}]` : `.${f}`)).join('').slice(1);
        yield {
          message: `MCP server "${server.name}" has ${/^(a|an) /.test(secret.kind) ? '' : /^[aeiou]/i.test(secret.kind) ? 'an ' : 'a '}${secret.kind} in plain text at \`${field}\` (${redact(secret.value)}); use a reference such as \${VAR} or an input, and rotate the secret.`,
          file: server.file,
          line: lineAt(...secret.field),
        };
      }
    }
  },
};
