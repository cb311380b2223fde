import { claudeMemoryFiles, expandImports, MAX_IMPORT_HOPS } from '../../budget/index.js';
import type { Rule } from '../types.js';

/** Claude Code follows imports "with a maximum depth of four hops"; a fifth hop is not loaded. */
export const importDepth: Rule = {
  id: 'instructions/import-depth',
  severity: 'error',
  description: `CLAUDE.md @path imports reach every file within ${MAX_IMPORT_HOPS} hops, the depth Claude Code follows.`,
  *check(context) {
    const reported = new Set<string>();
    for (const root of claudeMemoryFiles(context.workspace)) {
      for (const imp of expandImports(context.workspace, root).tooDeep) {
        const key = `${imp.from}:${imp.line}:${imp.column}`;
        if (reported.has(key)) continue;
        reported.add(key);
        yield {
          message: `Import @${imp.path} is hop ${MAX_IMPORT_HOPS + 1} from ${root}; Claude Code follows at most ${MAX_IMPORT_HOPS} hops, so it is not loaded. Import it from a file closer to ${root}.`,
          file: imp.from,
          line: imp.line,
          column: imp.column,
        };
      }
    }
  },
};
