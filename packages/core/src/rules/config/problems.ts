import type { Report, RuleContext } from '../types.js';

/** Problems found while reading and loading carry the id of the rule that reports them. */
export function* problemsOf(context: RuleContext, ruleId: string): Iterable<Report> {
  for (const p of context.workspace.problems) {
    if (p.ruleId === ruleId) yield { message: p.message, file: p.file, line: p.line, column: p.column, severity: p.severity };
  }
}
