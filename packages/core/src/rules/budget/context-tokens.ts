import { budgetLimits, tokenReport } from '../../budget/index.js';
import type { Rule } from '../types.js';
import { budgetName, overrun } from './compare.js';

/**
 * What a session loads before the first message (the instruction chain from the root to the agent's
 * folder plus the skill index) is paid on every call; it stays within the per-context budget.
 */
export const contextTokens: Rule = {
  id: 'budget/context-tokens',
  severity: 'error',
  description: "Each agent's context (instruction chain from the root plus the skill index) stays within the per-context token budget.",
  *check(context) {
    const ws = context.workspace;
    const limits = budgetLimits(ws).filter((l) => l.perContext);
    if (limits.length === 0) return;
    for (const agentContext of tokenReport(ws, context.tokens).contexts) {
      for (const limit of limits) {
        const over = overrun(agentContext.tokens, limit.perContext!, limit.modelsFor(agentContext.agent));
        if (!over) continue;
        const n = (x: number) => x.toLocaleString('en-US');
        const parts = `instructions: ${n(agentContext.instructionTokens)} o200k tokens in ${agentContext.files.length} files; skill index: ${n(agentContext.skillIndexTokens)} for ${agentContext.skills.length} skills`;
        yield {
          message: `Agent ${agentContext.agent} as ${agentContext.client} loads ${over.amount} at start (${parts}), which ${over.verb} the per-context budget of ${budgetName(limit.perContext!, limit.source, limit.environment)}.`,
          // The file closest to the agent's folder: where a reader starts trimming.
          file: agentContext.files.at(-1) ?? limit.source,
          severity: over.severity,
        };
      }
    }
  },
};
