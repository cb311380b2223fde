import type { Rule } from '../types.js';
import { charCount, parsedSkills, yamlType } from './common.js';

export const DESCRIPTION_MAX = 1024;

export const descriptionLength: Rule = {
  id: 'skill/description-length',
  severity: 'error',
  description: '`description` is a non-empty string of at most 1,024 characters.',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if (!('description' in s.fields)) continue;
      const value = s.fields.description;
      const at = { file: s.path, line: s.lineOf('description') };
      if (typeof value !== 'string') {
        yield value === null || value === undefined
          ? { ...at, message: "Field 'description' must be a non-empty string." }
          : { ...at, message: `Field 'description' must be a string, not ${yamlType(value)}; quote it.` };
        continue;
      }
      if (value.trim() === '') {
        yield { ...at, message: "Field 'description' must be a non-empty string." };
        continue;
      }
      // Counted as written (not trimmed), as skills-ref counts; quick_validate trims, which can only be shorter.
      const length = charCount(value);
      if (length > DESCRIPTION_MAX) {
        yield {
          ...at,
          message: `Description exceeds the ${DESCRIPTION_MAX} character limit (${length} characters); move detail into the body.`,
          // Claude Code loads longer descriptions (its listing truncates at 1,536 with when_to_use; see skill/listing-length).
          ...(s.profile === 'claude-code' ? { severity: 'warning' as const } : {}),
        };
      }
    }
  },
};
