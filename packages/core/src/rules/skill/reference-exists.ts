import type { Rule } from '../types.js';
import { existsInSkill, referencesIn, resolveReference } from './references.js';

export const referenceExists: Rule = {
  id: 'skill/reference-exists',
  severity: 'warning',
  description: 'Every file SKILL.md links to or names under scripts/, references/ or assets/ exists in the skill folder.',
  *check(context) {
    for (const skill of context.workspace.skills) {
      const { body, bodyLine } = skill.frontmatter;
      for (const ref of referencesIn(body, bodyLine)) {
        const resolved = resolveReference(skill, skill.dir, ref.target);
        if (resolved.kind !== 'inside' || existsInSkill(skill, resolved.path)) continue;
        yield {
          message: `SKILL.md ${ref.kind === 'link' ? 'links to' : 'names'} '${ref.target}', which is not in the skill folder; the agent will fail to read it.`,
          file: skill.file.path,
          line: ref.line,
        };
      }
    }
  },
};
