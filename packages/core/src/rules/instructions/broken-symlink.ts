import { posix } from 'node:path';
import type { Rule } from '../types.js';

const NAMES = new Set(['AGENTS.md', 'AGENTS.override.md', 'CLAUDE.md', 'CLAUDE.local.md', 'SKILL.md', 'skill.md']);

/** `ln -s AGENTS.md CLAUDE.md` is the documented interop; a link whose target is gone loads nothing. */
export const brokenSymlink: Rule = {
  id: 'instructions/broken-symlink',
  severity: 'warning',
  description: 'Instruction files and SKILL.md files that are symbolic links point at an existing file.',
  *check(context) {
    for (const link of context.workspace.links) {
      if (link.problem !== 'broken' || !NAMES.has(posix.basename(link.path))) continue;
      yield {
        message: `${posix.basename(link.path)} is a symbolic link to ${link.target || 'an unreadable target'}, which does not exist: agents load nothing from it. Fix the target or replace the link with the file.`,
        file: link.path,
      };
    }
  },
};
