import type { Rule } from '../types.js';
import { allowedFields, CLAUDE_CODE_FIELDS, parsedSkills, SPEC_FIELDS } from './common.js';

const CLAUDE_CODE_ONLY = new Set<string>(CLAUDE_CODE_FIELDS);

/** What a stray key usually meant. */
const HINTS: Record<string, string> = {
  version: 'put it under `metadata` (`metadata:` then `version: "1.0"`)',
  tools: 'skills use `allowed-tools` (`tools` belongs to subagents)',
  author: 'put it under `metadata`',
  tags: 'put it under `metadata` as a string',
};

export const unknownField: Rule = {
  id: 'skill/unknown-field',
  severity: 'error',
  description: 'The frontmatter has only the fields its profile knows: the six of the spec, plus Claude Code\'s own in the claude-code profile.',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      const allowed = allowedFields(s.profile);
      for (const key of Object.keys(s.fields)) {
        if (allowed.has(key)) continue;
        const hint = HINTS[key] ? `; ${HINTS[key]}` : CLAUDE_CODE_ONLY.has(key) ? '; it is a Claude Code field: use the claude-code profile for skills only Claude Code loads' : '';
        yield s.profile === 'claude-code'
          ? {
              message: `Claude Code ignores the frontmatter field '${key}'${hint}.`,
              file: s.path,
              line: s.lineOf(key),
              severity: 'warning',
            }
          : {
              message: `Unexpected field in frontmatter: '${key}'. The ${s.profile} profile allows only ${SPEC_FIELDS.join(', ')}${hint}.`,
              file: s.path,
              line: s.lineOf(key),
            };
      }
    }
  },
};
