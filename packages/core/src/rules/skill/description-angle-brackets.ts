import type { Rule } from '../types.js';
import { parsedSkills } from './common.js';

export const descriptionAngleBrackets: Rule = {
  id: 'skill/description-angle-brackets',
  severity: 'error',
  description: 'Anthropic profile: `description` contains no `<` or `>` (no XML tags), which uploads reject.',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if (s.profile !== 'anthropic' || typeof s.fields.description !== 'string') continue;
      const match = /<[^>\n]*>?|>/.exec(s.fields.description);
      if (match) {
        yield {
          message: `Description contains angle brackets (${JSON.stringify(match[0].slice(0, 40))}); Anthropic's platform and quick_validate.py reject \`<\` and \`>\`. Write the words out.`,
          file: s.path,
          line: s.lineOf('description'),
        };
      }
    }
  },
};
