import type { Report, Rule } from '../types.js';
import { charCount, parsedSkills, yamlType, type ParsedSkill } from './common.js';

export const NAME_MAX = 64;

/** The name as skills-ref compares it: trimmed and NFKC-normalised. */
export function normalizedName(name: string): string {
  return name.trim().normalize('NFKC');
}

export const nameFormat: Rule = {
  id: 'skill/name-format',
  severity: 'error',
  description: '`name` is 1-64 lowercase letters, digits and hyphens, with no leading, trailing or double hyphen.',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if ('name' in s.fields) yield* checkName(s);
    }
  },
};

function* checkName(s: ParsedSkill): Iterable<Report> {
  const raw = s.fields.name;
  const at = { file: s.path, line: s.lineOf('name') };
  if (typeof raw !== 'string') {
    // strictyaml (skills-ref) would read `name: 123` as text; every other YAML reader does not.
    yield raw === null || raw === undefined
      ? { ...at, message: "Field 'name' must be a non-empty string." }
      : { ...at, message: `Field 'name' must be a string, not ${yamlType(raw)}; quote it.` };
    return;
  }
  const name = normalizedName(raw);
  if (name === '') {
    yield { ...at, message: "Field 'name' must be a non-empty string." };
    return;
  }
  const length = charCount(name);
  if (length > NAME_MAX) yield { ...at, message: `Skill name '${name}' exceeds the ${NAME_MAX} character limit (${length} characters).` };
  if (name !== name.toLowerCase()) yield { ...at, message: `Skill name '${name}' must be lowercase.` };
  if (name.startsWith('-') || name.endsWith('-')) yield { ...at, message: `Skill name '${name}' cannot start or end with a hyphen.` };
  if (name.includes('--')) yield { ...at, message: `Skill name '${name}' cannot contain consecutive hyphens.` };
  // The spec's "unicode lowercase alphanumeric": letters and digits of any script, as skills-ref reads it.
  const invalid = [...new Set([...name].filter((c) => c !== '-' && !/[\p{L}\p{N}]/u.test(c)))];
  if (invalid.length) {
    yield { ...at, message: `Skill name '${name}' contains invalid characters (${invalid.map((c) => JSON.stringify(c)).join(', ')}); only lowercase letters, digits and hyphens are allowed.` };
    return;
  }
  if (!/^[\x00-\x7f]*$/.test(name) && name === name.toLowerCase()) {
    // The spec (as skills-ref reads it) accepts any script; Anthropic's platform and quick_validate accept a-z only.
    yield {
      ...at,
      message: `Skill name '${name}' uses letters outside a-z; the spec allows them, but Anthropic's platform and quick_validate.py accept only a-z, 0-9 and hyphens.`,
      severity: s.profile === 'anthropic' ? 'error' : 'warning',
    };
  }
}
