import type { Rule } from '../types.js';
import { problemsOf } from './problems.js';

export const encoding: Rule = {
  id: 'config/encoding',
  severity: 'error',
  description: 'Governed files are UTF-8 text without a byte-order mark; SKILL.md files use LF line endings.',
  *check(context) {
    yield* problemsOf(context, 'config/encoding');
    for (const file of context.workspace.files.values()) {
      if (file.hasBom) {
        yield {
          message: 'File starts with a UTF-8 byte-order mark; skills-ref and several clients then fail to find the frontmatter or parse the JSON.',
          file: file.path,
          line: 1,
          severity: 'warning',
        };
      }
    }
    for (const skill of context.workspace.skills) {
      if (skill.file.hasCrlf) {
        yield {
          message: 'SKILL.md uses CRLF line endings; Anthropic\'s quick_validate.py rejects them ("Invalid frontmatter format").',
          file: skill.file.path,
          line: 1,
          severity: 'warning',
        };
      }
    }
  },
};
