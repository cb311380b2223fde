import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validate, type ValidateResult } from '../../../src/engine/index.js';
import type { Finding } from '../../../src/findings/index.js';
import { skillRules } from '../../../src/rules/skill/index.js';
import { CORPUS } from '../../../../../test/helpers.js';

/** One SKILL.md of the corpus with the verdicts of the two reference validators, run unmodified. */
interface Expected {
  path: string;
  skills_ref_errors: string[];
  quick_validate: { valid: boolean; message: string };
  frontmatter_keys: string[] | null;
}

const EXPECTED: Expected[] = JSON.parse(readFileSync(join(CORPUS, 'EXPECTED_SKILL_VALIDATION.json'), 'utf8'));

/** Which of our rules answers each kind of skills-ref error. */
const SKILLS_REF_TO_RULE: Array<[RegExp, string]> = [
  [/^Unexpected fields in frontmatter/, 'skill/unknown-field'],
  [/^Directory name '.*' must match skill name/, 'skill/name-matches-folder'],
  [/^Missing required field in frontmatter/, 'skill/required-fields'],
  [/^Description exceeds \d+ character limit/, 'skill/description-length'],
  [/^Field 'description' must be a non-empty string/, 'skill/description-length'],
  [/^(Skill name|Field 'name')/, 'skill/name-format'],
  [/^(Compatibility exceeds|Field 'compatibility')/, 'skill/compatibility-length'],
  [/^(SKILL\.md must start|SKILL\.md frontmatter|Invalid YAML in frontmatter)/, 'skill/frontmatter'],
];

/**
 * Where the spec profile deliberately differs from skills-ref on this corpus (docs/skill-profiles.md,
 * "Deviations from skills-ref"). Each one is asserted to behave as documented.
 */
const DEVIATIONS: Record<string, { reason: string; assert(findings: Finding[]): void }> = {
  'anthropics__claude-plugins-official/plugins/example-plugin/skills/example-command/SKILL.md': {
    reason:
      'skills-ref stops at "Invalid YAML" because strictyaml refuses the flow list `allowed-tools: [Read, Glob, Grep, Bash]`. ' +
      'It is valid YAML, so we parse it, warn that strictyaml readers reject it, and go on to the real problem ' +
      'quick_validate also reports: the Claude Code field `argument-hint`.',
    assert(findings) {
      const frontmatter = findings.filter((f) => f.ruleId === 'skill/frontmatter');
      expect(frontmatter.map((f) => [f.severity, f.line])).toEqual([['warning', 5]]);
      expect(frontmatter[0].message).toMatch(/strictyaml/);
      const errors = findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.ruleId)).toEqual(['skill/unknown-field']);
      expect(errors[0].message).toMatch(/'argument-hint'/);
    },
  },
};

const errorsOf = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');

describe('the spec profile agrees with skills-ref on the corpus', () => {
  let result: ValidateResult;
  const byFile = new Map<string, Finding[]>();
  beforeAll(() => {
    result = validate(CORPUS, { profile: 'spec', rules: skillRules });
    for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  });

  it('discovers every SKILL.md the reference validators ran on', () => {
    const discovered = new Set(result.workspace.skills.map((s) => s.file.path));
    expect(EXPECTED.length).toBeGreaterThan(60);
    expect(EXPECTED.map((e) => e.path).filter((p) => !discovered.has(p))).toEqual([]);
  });

  for (const entry of EXPECTED) {
    const deviation = DEVIATIONS[entry.path];
    it(`${entry.path}${deviation ? ' (deliberate deviation)' : ''}`, () => {
      const findings = byFile.get(entry.path) ?? [];
      const ours = errorsOf(findings);
      const theirs = entry.skills_ref_errors;
      // The verdict: skills-ref fails the file exactly when we report an error in it.
      expect(ours.length > 0, ours.map((f) => f.message).join('\n')).toBe(theirs.length > 0);
      if (deviation) {
        deviation.assert(findings);
        return;
      }
      // And for the same reasons: every skills-ref error has its rule, and we raise no error skills-ref lacks.
      const expectedRules = theirs.map((message) => SKILLS_REF_TO_RULE.find(([re]) => re.test(message))?.[1] ?? `unmapped: ${message}`);
      expect([...new Set(ours.map((f) => f.ruleId))].sort()).toEqual([...new Set(expectedRules)].sort());
      // Unexpected fields: one finding per field skills-ref lists, naming it.
      const unexpected = /^Unexpected fields in frontmatter: (.*?)\. Only/.exec(theirs.find((m) => m.startsWith('Unexpected fields')) ?? '');
      if (unexpected) {
        const named = ours.filter((f) => f.ruleId === 'skill/unknown-field').map((f) => /'([^']+)'/.exec(f.message)?.[1]);
        expect(named.sort()).toEqual(unexpected[1].split(', ').sort());
      }
    });
  }

  it('lists only deviations that are real corpus files', () => {
    const paths = new Set(EXPECTED.map((e) => e.path));
    for (const path of Object.keys(DEVIATIONS)) expect(paths.has(path), path).toBe(true);
  });
});

describe('the anthropic profile fails every file quick_validate.py fails', () => {
  // quick_validate is the gate before an upload to Anthropic; our anthropic profile is spec plus the platform's rules, so a superset.
  const QUICK_TO_RULE: Array<[RegExp, string]> = [
    [/^Unexpected key\(s\)/, 'skill/unknown-field'],
    [/^Description is too long/, 'skill/description-length'],
    [/^Description cannot contain angle brackets/, 'skill/description-angle-brackets'],
    [/^Missing 'description'/, 'skill/required-fields'],
    [/^Missing 'name'/, 'skill/required-fields'],
    [/^(Name '.*' should be kebab-case|Name .* cannot start|Name is too long|Name must be)/, 'skill/name-format'],
  ];

  it('with the rule that matches quick_validate\'s message', () => {
    const result = validate(CORPUS, { profile: 'anthropic', rules: skillRules });
    const failing = EXPECTED.filter((e) => !e.quick_validate.valid);
    expect(failing.length).toBeGreaterThan(20);
    for (const entry of failing) {
      const rules = errorsOf(result.findings.filter((f) => f.file === entry.path)).map((f) => f.ruleId);
      const expected = QUICK_TO_RULE.find(([re]) => re.test(entry.quick_validate.message))?.[1];
      expect(rules, `${entry.path}: ${entry.quick_validate.message}`).toContain(expected);
    }
  });
});

describe('profiles chosen by location on the corpus', () => {
  it('reads Claude Code plugin skills with the claude-code profile and .agents/ skills with codex', () => {
    const result = validate(CORPUS, { rules: skillRules });
    const profileOf = (path: string) => result.workspace.skills.find((s) => s.file.path === path)?.profile;
    const plugin = 'anthropics__claude-plugins-official/external_plugins/discord/skills/access/SKILL.md';
    expect(profileOf(plugin)).toBe('claude-code');
    expect(profileOf('openai__openai-agents-python/.agents/skills/docs-sync/SKILL.md')).toBe('codex');
    // `user-invocable` is Claude Code's own field: no error once the skill is read as Claude Code reads it.
    expect(errorsOf(result.findings.filter((f) => f.file === plugin))).toEqual([]);
  });

  it('accepts the real Codex agents/openai.yaml files of the corpus', () => {
    const result = validate(CORPUS, { rules: skillRules });
    const codexSkills = result.workspace.skills.filter((s) => s.profile === 'codex' && s.files.includes(`${s.dir}/agents/openai.yaml`));
    expect(codexSkills.length).toBeGreaterThan(10);
    expect(result.findings.filter((f) => f.ruleId === 'skill/codex-metadata')).toEqual([]);
  });
});
