import type { Rule } from '../types.js';
import { parsedSkills } from './common.js';

export const requiredFields: Rule = {
  id: 'skill/required-fields',
  severity: 'error',
  description: 'The frontmatter has `name` and `description` (in Claude Code only `description` is recommended).',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      const claudeCode = s.profile === 'claude-code';
      // Claude Code takes the command from the folder name, so a missing name is fine there.
      if (!('name' in s.fields) && !claudeCode) {
        yield { message: 'Missing required field in frontmatter: name.', file: s.path, line: 2 };
      }
      if (!('description' in s.fields)) {
        yield claudeCode
          ? {
              message: 'No `description`: Claude Code falls back to the first paragraph, which rarely says when to use the skill. Add a description.',
              file: s.path,
              line: 2,
              severity: 'warning',
            }
          : { message: 'Missing required field in frontmatter: description.', file: s.path, line: 2 };
      }
    }
  },
};
