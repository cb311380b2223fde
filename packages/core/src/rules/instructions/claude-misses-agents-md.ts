import { realpathSync } from 'node:fs';
import { claudeMemoryFiles, expandImports, isClaudeMemoryName } from '../../budget/index.js';
import type { Rule } from '../types.js';

/**
 * Claude Code reads CLAUDE.md, not AGENTS.md. An AGENTS.md that no CLAUDE.md imports (within four
 * hops) or is a symbolic link to is invisible to Claude Code sessions.
 */
export const claudeMissesAgentsMd: Rule = {
  id: 'instructions/claude-misses-agents-md',
  severity: 'warning',
  description: 'Every AGENTS.md reaches Claude Code too: a CLAUDE.md imports it (@AGENTS.md) or is a symbolic link to it.',
  *check(context) {
    const ws = context.workspace;
    const memory = claudeMemoryFiles(ws);
    const loaded = new Set<string>();
    for (const root of memory) for (const { file } of expandImports(ws, root).files) loaded.add(file);
    const linkedTo = new Set(ws.instructions.filter((i) => isClaudeMemoryName(i.name)).map((i) => realOrSelf(i.file.absPath)));
    for (const instruction of ws.instructions) {
      if (instruction.name !== 'AGENTS.md') continue;
      if (loaded.has(instruction.file.path) || linkedTo.has(realOrSelf(instruction.file.absPath))) continue;
      const dir = instruction.dir ? `${instruction.dir}/` : '';
      // `ln -s AGENTS.md CLAUDE.md` checked out without symlinks (core.symlinks=false, Windows) is a text file naming the target.
      const sibling = ws.instructions.find((i) => i.name === 'CLAUDE.md' && i.dir === instruction.dir);
      const flattened = sibling?.file.text.trim() === 'AGENTS.md' ? ` ${sibling.file.path} holds the text "AGENTS.md": a symbolic link checked out as a plain file (git core.symlinks=false), which Claude Code reads as one line of text.` : '';
      yield {
        message:
          `Claude Code reads CLAUDE.md, not AGENTS.md, and no CLAUDE.md imports or links to this file.${flattened} Add ${dir}CLAUDE.md containing "@AGENTS.md", or run "ln -s AGENTS.md CLAUDE.md" in ${dir || 'the root'}.`,
        file: instruction.file.path,
        // A repository without any CLAUDE.md may not use Claude Code at all: a note, not a warning.
        ...(memory.length === 0 ? { severity: 'note' as const } : {}),
      };
    }
  },
};

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
