import { posix } from 'node:path';
import type { Rule } from '../types.js';

/** Codex skips empty instruction files; an empty AGENTS.override.md still hides the folder's AGENTS.md. */
export const emptyFile: Rule = {
  id: 'instructions/empty-file',
  severity: 'note',
  description: 'Instruction files are not empty: Codex skips them, and an empty AGENTS.override.md hides AGENTS.md.',
  *check(context) {
    const paths = new Set(context.workspace.allPaths);
    for (const instruction of context.workspace.instructions) {
      if (instruction.file.text.trim() !== '') continue;
      const folder = posix.dirname(instruction.file.path);
      const sibling = folder === '.' ? 'AGENTS.md' : `${folder}/AGENTS.md`;
      if (instruction.name === 'AGENTS.override.md' && paths.has(sibling)) {
        yield {
          message: `AGENTS.override.md is empty: Codex picks it over ${sibling}, skips it as empty, and so loads neither. Delete it or fill it.`,
          file: instruction.file.path,
          severity: 'warning',
        };
      } else {
        yield { message: `${instruction.name} is empty: agents load nothing from it (Codex skips it). Delete it or write the instructions.`, file: instruction.file.path };
      }
    }
  },
};
