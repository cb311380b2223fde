import type { Rule } from '../types.js';
import { referencesIn, resolveReference } from './references.js';

const WHY = {
  absolute: 'is an absolute path; write it relative to the skill folder (`references/guide.md`) so the skill works wherever it is installed',
  backslash: 'uses backslashes; write forward slashes, which work on every system',
  outside: 'points outside the skill folder; a skill is installed on its own, so bundle the file inside the folder',
} as const;

export const referencePath: Rule = {
  id: 'skill/reference-path',
  severity: 'warning',
  description: 'File references in SKILL.md are relative to the skill folder, use forward slashes and stay inside the folder.',
  *check(context) {
    for (const skill of context.workspace.skills) {
      const { body, bodyLine } = skill.frontmatter;
      for (const ref of referencesIn(body, bodyLine)) {
        const resolved = resolveReference(skill, skill.dir, ref.target);
        if (resolved.kind === 'inside') continue;
        yield { message: `The reference '${ref.target}' ${WHY[resolved.kind]}.`, file: skill.file.path, line: ref.line };
      }
    }
  },
};
