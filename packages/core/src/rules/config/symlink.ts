import type { Rule } from '../types.js';

export const symlink: Rule = {
  id: 'config/symlink',
  severity: 'error',
  description: 'Symbolic links stay inside the repository and do not loop.',
  *check(context) {
    for (const link of context.workspace.links) {
      if (link.problem === 'escapes-root') {
        yield { message: `Symbolic link points outside the repository (${link.target}); it was not followed.`, file: link.path };
      } else if (link.problem === 'loop') {
        yield { message: `Symbolic link forms a loop (${link.target}); it was not followed.`, file: link.path };
      }
    }
  },
};
