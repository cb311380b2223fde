import { reachableImports } from '../../budget/index.js';
import type { Rule } from '../types.js';

/**
 * An import that leaves the repository loads something CI and teammates do not have, and Claude
 * Code asks each user to approve such external imports.
 */
export const importEscape: Rule = {
  id: 'instructions/import-escape',
  severity: 'warning',
  description: 'CLAUDE.md @path imports stay inside the repository.',
  *check(context) {
    for (const imp of reachableImports(context.workspace)) {
      const at = { file: imp.from, line: imp.line, column: imp.column };
      if (imp.target.kind === 'home') {
        yield { ...at, severity: 'note', message: `Import @${imp.path} reads each user's home folder: not part of the repository, so every machine (and CI) loads something different or nothing.` };
      } else if (imp.target.kind === 'outside') {
        const how = imp.target.absolute ? 'is an absolute path' : 'leaves the repository';
        yield { ...at, message: `Import @${imp.path} ${how}: CI and other checkouts do not have that file, and Claude Code asks for approval of external imports. Copy the file into the repository and import it relatively.` };
      }
    }
  },
};
