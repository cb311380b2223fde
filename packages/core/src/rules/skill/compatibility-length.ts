import type { Rule } from '../types.js';
import { charCount, parsedSkills, yamlType } from './common.js';

export const COMPATIBILITY_MAX = 500;

export const compatibilityLength: Rule = {
  id: 'skill/compatibility-length',
  severity: 'error',
  description: '`compatibility`, when present, is a string of 1 to 500 characters.',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if (!('compatibility' in s.fields)) continue;
      const value = s.fields.compatibility;
      const at = { file: s.path, line: s.lineOf('compatibility') };
      if (value === null || (typeof value === 'string' && value.trim() === '')) {
        // The spec says 1-500 characters if provided; skills-ref lets an empty value through (a documented deviation).
        yield { ...at, message: "Field 'compatibility' is empty; the spec requires 1-500 characters when it is present. Remove it or say what the skill needs." };
      } else if (typeof value !== 'string') {
        yield { ...at, message: `Field 'compatibility' must be a string, not ${yamlType(value)}.` };
      } else if (charCount(value) > COMPATIBILITY_MAX) {
        yield { ...at, message: `Compatibility exceeds the ${COMPATIBILITY_MAX} character limit (${charCount(value)} characters).` };
      }
    }
  },
};
