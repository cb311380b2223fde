import type { Rule } from '../types.js';
import { redactSecrets } from '../../secrets/index.js';
import { commandWithArguments } from '../../mcp/checks.js';
import { locatedServers } from './servers.js';

export const commandWithArgumentsRule: Rule = {
  id: 'mcp/command-with-arguments',
  severity: 'warning',
  description: 'An MCP server command holds its arguments too; clients start it without a shell and do not find the program.',
  *check({ workspace }) {
    for (const { server, lineAt } of locatedServers(workspace)) {
      if (!commandWithArguments(server)) continue;
      const [program, ...rest] = redactSecrets(server.command!).trim().split(/\s+/);
      yield { message: `MCP server "${server.name}" has command "${[program, ...rest].join(' ')}"; clients look for a program of that whole name. Write "command": "${program}" and put ${JSON.stringify(rest)} first in \`args\`.`, file: server.file, line: lineAt('command') };
    }
  },
};
