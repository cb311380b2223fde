import type { Rule } from '../types.js';
import { parsedSkills } from './common.js';
import { normalizedName } from './name-format.js';

export const nameMatchesFolder: Rule = {
  id: 'skill/name-matches-folder',
  severity: 'error',
  description: '`name` equals the name of the folder that holds SKILL.md (after Unicode NFKC normalisation).',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      const raw = s.fields.name;
      if (typeof raw !== 'string' || raw.trim() === '') continue;
      const name = normalizedName(raw);
      const folder = s.skill.folderName;
      if (folder.normalize('NFKC') === name) continue;
      // In Claude Code the folder gives the command and `name` is only a label: a mismatch confuses, it does not break.
      yield s.profile === 'claude-code'
        ? {
            message: `Skill name '${name}' differs from its folder '${folder}': Claude Code invokes it as /${folder}, and other clients reject the mismatch. Rename one of them.`,
            file: s.path,
            line: s.lineOf('name'),
            severity: 'warning',
          }
        : { message: `Folder name '${folder}' must match skill name '${name}'; rename the folder or the name.`, file: s.path, line: s.lineOf('name') };
    }
  },
};
