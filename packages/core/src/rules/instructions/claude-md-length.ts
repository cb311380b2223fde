import type { Rule } from '../types.js';

/** Claude Code's memory guide: "target under 200 lines per CLAUDE.md file". */
export const CLAUDE_MD_MAX_LINES = 200;

export const claudeMdLength: Rule = {
  id: 'instructions/claude-md-length',
  severity: 'warning',
  description: `CLAUDE.md files stay under ${CLAUDE_MD_MAX_LINES} lines, as Claude Code's documentation advises.`,
  *check(context) {
    for (const instruction of context.workspace.instructions) {
      if (instruction.name !== 'CLAUDE.md' && instruction.name !== 'CLAUDE.local.md') continue;
      const lines = instruction.file.lineCount;
      if (lines <= CLAUDE_MD_MAX_LINES) continue;
      yield {
        message: `${instruction.name} has ${lines} lines; Claude Code advises under ${CLAUDE_MD_MAX_LINES}: longer files use more context and are followed less reliably. Move detail into imported files or skills.`,
        file: instruction.file.path,
        line: CLAUDE_MD_MAX_LINES + 1,
      };
    }
  },
};
