import { budgetLimits, tokenReport } from '../../budget/index.js';
import type { Rule } from '../types.js';
import { budgetName, overrun } from './compare.js';

/** Every token of an instruction file or a SKILL.md body is paid on each session that loads it. */
export const fileTokens: Rule = {
  id: 'budget/file-tokens',
  severity: 'error',
  description: 'Each instruction file and SKILL.md body stays within the per-file token budget.',
  *check(context) {
    const ws = context.workspace;
    const limits = budgetLimits(ws).filter((l) => l.perFile);
    if (limits.length === 0) return;
    const report = tokenReport(ws, context.tokens);
    for (const file of report.files) {
      for (const limit of limits) {
        const over = overrun(file.tokens, limit.perFile!, limit.models);
        if (!over) continue;
        const what = file.kind === 'skill' ? 'SKILL.md body' : 'File';
        yield {
          message: `${what} is ${over.amount}, which ${over.verb} the per-file budget of ${budgetName(limit.perFile!, limit.source, limit.environment)}.`,
          file: file.file,
          severity: over.severity,
        };
      }
    }
  },
};
