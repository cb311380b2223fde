import { posix } from 'node:path';
import type { Rule } from '../types.js';
import { existsInSkill, referencesIn, resolveReference, skillFileText } from './references.js';

export const referenceDepth: Rule = {
  id: 'skill/reference-depth',
  severity: 'warning',
  description: 'References stay one level deep: a file SKILL.md links to does not send the agent on to further files SKILL.md does not name.',
  *check(context) {
    const ws = context.workspace;
    for (const skill of ws.skills) {
      const { body, bodyLine } = skill.frontmatter;
      const direct = new Map<string, number>();
      for (const ref of referencesIn(body, bodyLine)) {
        const resolved = resolveReference(skill, skill.dir, ref.target);
        if (resolved.kind === 'inside' && !direct.has(resolved.path) && existsInSkill(skill, resolved.path)) direct.set(resolved.path, ref.line);
      }
      for (const [path, line] of direct) {
        if (!path.endsWith('.md') || path === skill.file.path) continue;
        const text = skillFileText(ws, path);
        if (text === undefined) continue;
        const nested = new Set<string>();
        for (const ref of referencesIn(text, 1)) {
          if (ref.kind !== 'link') continue;
          // Markdown resolves against the file's folder; authors often write skill-root paths, so accept either.
          const candidates = [resolveReference(skill, posix.dirname(path), ref.target), resolveReference(skill, skill.dir, ref.target)];
          const hit = candidates.find((c) => c.kind === 'inside' && existsInSkill(skill, c.path) && c.path.endsWith('.md'));
          if (hit?.path && hit.path !== path && hit.path !== skill.file.path && !direct.has(hit.path)) nested.add(`${ref.target} (line ${ref.line})`);
        }
        if (nested.size) {
          const rel = path.slice(skill.dir ? skill.dir.length + 1 : 0);
          yield {
            message: `${rel} links on to ${[...nested].join(', ')}, which SKILL.md does not reference; agents read such second-level files only partly. Link them from SKILL.md directly.`,
            file: skill.file.path,
            line,
          };
        }
      }
    }
  },
};
