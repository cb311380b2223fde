import type { Profile } from '../../config/index.js';
import type { SkillFolder, Workspace } from '../../discover/index.js';

/** The six fields of the agentskills.io specification, the only keys skills-ref and quick_validate accept. */
export const SPEC_FIELDS = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'] as const;

/** Claude Code's own frontmatter keys (code.claude.com/docs/en/skills), on top of the spec's six. */
export const CLAUDE_CODE_FIELDS = [
  'when_to_use',
  'argument-hint',
  'arguments',
  'disable-model-invocation',
  'user-invocable',
  'disallowed-tools',
  'model',
  'effort',
  'context',
  'agent',
  'background',
  'hooks',
  'paths',
  'shell',
] as const;

/** The keys a profile accepts in SKILL.md frontmatter. */
export function allowedFields(profile: Profile): ReadonlySet<string> {
  return profile === 'claude-code' ? new Set<string>([...SPEC_FIELDS, ...CLAUDE_CODE_FIELDS]) : new Set<string>(SPEC_FIELDS);
}

/** A skill whose frontmatter parsed into a mapping, with a way to the line of each key. */
export interface ParsedSkill {
  skill: SkillFolder;
  /** SKILL.md's path relative to the root: what every report names. */
  path: string;
  profile: Profile;
  fields: Record<string, unknown>;
  /** 1-based line of a key in SKILL.md (the frontmatter's first line when the key is absent). */
  lineOf(key: string, ...rest: Array<string | number>): number;
}

/**
 * Skills whose frontmatter is usable by field rules. A frontmatter that is missing, unclosed, not
 * YAML or not a mapping is reported once by skill/frontmatter and skipped here, so a broken file
 * does not cascade into a finding per field. An empty frontmatter counts as an empty mapping.
 */
export function* parsedSkills(ws: Workspace): Iterable<ParsedSkill> {
  for (const skill of ws.skills) {
    const fm = skill.frontmatter;
    if (fm.status !== 'ok' || !fm.data) continue;
    if (fm.data.problems.some((p) => p.severity === 'error')) continue;
    const value = fm.data.value ?? {};
    if (!isPlainObject(value)) continue;
    const data = fm.data;
    yield {
      skill,
      path: skill.file.path,
      profile: skill.profile,
      fields: value,
      lineOf: (key, ...rest) => data.lineOf([key, ...rest]),
    };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Length in characters (code points), as Python's len() and the spec count them. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** How a value that should be a string reads in a message: its YAML type. */
export function yamlType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** Lines of the markdown body, without fenced code blocks (examples in them are not references). */
export function proseLines(body: string, firstLine: number): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let fence: string | undefined;
  body.split('\n').forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = undefined;
      return;
    }
    if (marker) {
      fence = marker;
      return;
    }
    out.push({ text, line: firstLine + i });
  });
  return out;
}
