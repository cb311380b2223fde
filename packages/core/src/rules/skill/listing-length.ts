import type { Rule } from '../types.js';
import { charCount, parsedSkills } from './common.js';

/** Claude Code's `skillListingMaxDescChars` default. */
export const LISTING_MAX = 1536;

export const listingLength: Rule = {
  id: 'skill/listing-length',
  severity: 'warning',
  description: 'Claude Code profile: `description` plus `when_to_use` stay within the 1,536 characters the skill listing shows.',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if (s.profile !== 'claude-code') continue;
      const parts = [s.fields.description, s.fields.when_to_use].filter((v): v is string => typeof v === 'string');
      const length = parts.reduce((n, p) => n + charCount(p), 0);
      if (length > LISTING_MAX) {
        yield {
          message: `description and when_to_use together are ${length} characters; Claude Code truncates them at ${LISTING_MAX} in the skill listing, so the end never reaches the model.`,
          file: s.path,
          line: s.lineOf('when_to_use' in s.fields ? 'when_to_use' : 'description'),
        };
      }
    }
  },
};
