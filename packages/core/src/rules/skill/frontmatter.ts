import { isCollection, LineCounter, parseDocument, visit } from 'yaml';
import type { SkillFolder } from '../../discover/index.js';
import type { Report, Rule } from '../types.js';
import { isPlainObject } from './common.js';

export const frontmatter: Rule = {
  id: 'skill/frontmatter',
  severity: 'error',
  description: 'SKILL.md starts with a closed `---` YAML frontmatter block that parses into a mapping.',
  *check(context) {
    for (const skill of context.workspace.skills) yield* checkSkill(skill);
  },
};

function* checkSkill(skill: SkillFolder): Iterable<Report> {
  const fm = skill.frontmatter;
  const file = skill.file.path;
  if (fm.status === 'missing') {
    // Claude Code loads a SKILL.md without frontmatter (every field is optional there); every other client skips it.
    const claudeCode = skill.profile === 'claude-code';
    yield {
      message: claudeCode
        ? 'SKILL.md has no YAML frontmatter: Claude Code falls back to the folder name and the first paragraph, but other clients skip the skill. Start the file with `---`, `description: ...`, `---`.'
        : 'SKILL.md must start with YAML frontmatter: a `---` line, `name:` and `description:`, and a closing `---`.',
      file,
      line: 1,
      severity: claudeCode ? 'warning' : 'error',
    };
    return;
  }
  if (fm.status === 'unclosed') {
    yield { message: 'SKILL.md frontmatter is not closed: add a `---` line after the last key.', file, line: 1 };
    return;
  }
  const problems = fm.data?.problems ?? [];
  for (const p of problems) {
    yield { message: `Invalid YAML in frontmatter: ${p.message}`, file, line: p.line, column: p.column, severity: p.severity };
  }
  if (problems.some((p) => p.severity === 'error')) return;
  const value = fm.data?.value;
  if (value !== null && value !== undefined && !isPlainObject(value)) {
    yield { message: 'SKILL.md frontmatter must be a YAML mapping of `key: value` lines.', file, line: 2 };
    return;
  }
  if (skill.profile === 'spec') yield* strictYamlPortability(skill);
}

/**
 * YAML that every YAML parser reads but skills-ref's strictyaml does not: flow collections
 * (`[a, b]`, `{k: v}`), and a `---` inside the frontmatter, where skills-ref's split on `---` ends
 * it early. A warning, not an error: a deliberate deviation (docs/skill-profiles.md).
 */
function* strictYamlPortability(skill: SkillFolder): Iterable<Report> {
  const raw = skill.frontmatter.raw;
  const lineCounter = new LineCounter();
  const doc = parseDocument(raw, { lineCounter });
  const flowLines = new Set<number>();
  visit(doc, (_key, node) => {
    if (isCollection(node) && node.flow && node.range) flowLines.add(lineCounter.linePos(node.range[0]).line + 1);
  });
  for (const line of flowLines) {
    yield {
      message: 'Flow-style YAML (`[a, b]` or `{k: v}`) is valid YAML, but skills-ref (strictyaml) rejects it; write a block list (`- a`) or a plain string.',
      file: skill.file.path,
      line,
      severity: 'warning',
    };
  }
  const dashes = raw.split('\n').findIndex((l) => l.includes('---'));
  if (dashes >= 0) {
    yield {
      message: 'The frontmatter contains `---` inside a value; skills-ref splits the file on the first `---` and would misread it. Rephrase or quote differently.',
      file: skill.file.path,
      line: dashes + 2,
      severity: 'warning',
    };
  }
}
