import type { Rule } from '../types.js';
import { problemsOf } from './problems.js';

export const syntax: Rule = {
  id: 'config/syntax',
  severity: 'error',
  description: 'Every governed YAML, JSON and TOML file parses: no syntax errors, tabs as YAML indentation or duplicate keys.',
  *check(context) {
    yield* problemsOf(context, 'config/syntax');
    const ws = context.workspace;
    for (const doc of [...ws.mcpConfigs, ...ws.claudeSettings, ...ws.environments, ...ws.roles]) {
      for (const p of doc.data?.problems ?? []) {
        yield { message: p.message, file: doc.file.path, line: p.line, column: p.column, severity: p.severity };
      }
    }
  },
};
