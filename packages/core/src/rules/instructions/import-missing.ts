import { looksLikePath, reachableImports } from '../../budget/index.js';
import type { Rule } from '../types.js';

/** Claude Code skips an `@path` import whose file does not exist, without a word. */
export const importMissing: Rule = {
  id: 'instructions/import-missing',
  severity: 'error',
  description: 'Every @path import in a CLAUDE.md (and in the files it imports) names an existing file.',
  *check(context) {
    for (const imp of reachableImports(context.workspace)) {
      if (imp.target.kind !== 'missing' || !looksLikePath(imp.path)) continue;
      const what = imp.target.isFolder ? `${imp.target.file} is a folder, not a file` : `${imp.target.file} does not exist`;
      yield {
        message: `Import @${imp.path} does not resolve (${what}; paths are relative to the importing file). Claude Code skips it silently.`,
        file: imp.from,
        line: imp.line,
        column: imp.column,
      };
    }
  },
};
