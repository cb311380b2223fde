import type { Rule } from '../types.js';
import { parsedSkills } from './common.js';

const RESERVED = ['anthropic', 'claude'];

export const reservedName: Rule = {
  id: 'skill/reserved-name',
  severity: 'error',
  description: 'Anthropic profile: `name` contains neither of the reserved words "anthropic" and "claude".',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if (s.profile !== 'anthropic' || typeof s.fields.name !== 'string') continue;
      const name = s.fields.name.toLowerCase();
      const word = RESERVED.find((w) => name.includes(w));
      if (word) {
        yield {
          message: `Skill name '${s.fields.name}' contains the reserved word "${word}", which Anthropic's platform rejects on upload.`,
          file: s.path,
          line: s.lineOf('name'),
        };
      }
    }
  },
};
