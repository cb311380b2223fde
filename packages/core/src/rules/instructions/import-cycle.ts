import { claudeMemoryFiles, importGraph, type ResolvedImport } from '../../budget/index.js';
import type { Rule } from '../types.js';

/** A file that imports itself, directly or through others: Claude Code loads it once and ignores the rest. */
export const importCycle: Rule = {
  id: 'instructions/import-cycle',
  severity: 'error',
  description: 'CLAUDE.md @path imports do not form a cycle.',
  *check(context) {
    const graph = importGraph(context.workspace);
    const done = new Set<string>();
    const cycles: Array<{ imp: ResolvedImport; cycle: string[] }> = [];
    // Depth-first with an explicit stack; an import back into the stack closes a cycle. Each file is
    // expanded once (a finished file is never pushed again), so each import closes at most one cycle.
    const visit = (start: string) => {
      const stack: Array<{ file: string; imports: ResolvedImport[]; next: number }> = [{ file: start, imports: graph.importsOf(start), next: 0 }];
      const onStack = new Set([start]);
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (top.next >= top.imports.length) {
          stack.pop();
          onStack.delete(top.file);
          done.add(top.file);
          continue;
        }
        const imp = top.imports[top.next++];
        if (imp.target.kind !== 'file') continue;
        const target = imp.target.file;
        if (onStack.has(target)) {
          const from = stack.findIndex((s) => s.file === target);
          cycles.push({ imp, cycle: [...stack.slice(from).map((s) => s.file), target] });
        } else if (!done.has(target)) {
          stack.push({ file: target, imports: graph.importsOf(target), next: 0 });
          onStack.add(target);
        }
      }
    };
    for (const root of claudeMemoryFiles(context.workspace)) if (!done.has(root)) visit(root);
    for (const { imp, cycle } of cycles) {
      yield {
        message: `Import @${imp.path} closes a cycle: ${cycle.join(' -> ')}. Claude Code loads each file once; remove the import that points back.`,
        file: imp.from,
        line: imp.line,
        column: imp.column,
      };
    }
  },
};
