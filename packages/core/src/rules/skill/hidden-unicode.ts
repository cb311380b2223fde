import type { Rule } from '../types.js';

/** Characters no reader sees but a model reads: format characters (Unicode tags, bidirectional controls, zero-width) and controls. */
const HIDDEN = /[\p{Cf}\p{Cc}]/gu;
const ALWAYS_ERROR = /[\u{E0000}-\u{E007F}]|[\u202A-\u202E\u2066-\u2069]/u;
// Ordinary text: tab, line ends; the zero-width joiner inside emoji sequences.
const ALLOWED = new Set(['\t', '\n', '\r', '\u200D']);

export const hiddenUnicode: Rule = {
  id: 'skill/hidden-unicode',
  severity: 'warning',
  description: 'SKILL.md has no invisible characters (Unicode tags, bidirectional controls, zero-width characters) that could hide instructions from reviewers.',
  *check(context) {
    for (const skill of context.workspace.skills) {
      const file = skill.file;
      const seen = new Map<number, Set<string>>();
      for (const m of file.text.matchAll(HIDDEN)) {
        if (ALLOWED.has(m[0])) continue;
        const line = file.lineAt(m.index);
        if (!seen.has(line)) seen.set(line, new Set());
        seen.get(line)!.add(m[0]);
      }
      for (const [line, chars] of seen) {
        const list = [...chars].map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'));
        const tag = [...chars].some((c) => ALWAYS_ERROR.test(c));
        yield {
          message: `Invisible ${list.length > 1 ? 'characters' : 'character'} ${list.join(', ')} on this line: the model reads what a reviewer cannot see${tag ? ' (Unicode tags and bidirectional controls can smuggle instructions)' : ''}. Remove ${list.length > 1 ? 'them' : 'it'}.`,
          file: file.path,
          line,
          ...(tag ? { severity: 'error' as const } : {}),
        };
      }
    }
  },
};
