import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/engine/index.js';
import { PROFILES, type Profile } from '../../../src/config/index.js';
import type { Severity } from '../../../src/findings/index.js';
import { skillRules } from '../../../src/rules/skill/index.js';
import { makeTree, REPO_ROOT } from '../../../../../test/helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/skills');

type Expected = [ruleId: string, file: string, line: number, severity: Severity];

/** Runs the skill rules over one fixture folder; returns findings as [rule, file, line, severity]. */
function findingsOf(fixture: string, profile?: Profile): Expected[] {
  const result = validate(join(FIXTURES, fixture), { rules: skillRules, profile });
  return result.findings.map((f) => [f.ruleId, f.file, f.line ?? 0, f.severity] as Expected);
}

/**
 * One broken case (at least) per rule. Each fixture folder is run on its own and must give exactly
 * these findings: a rule that fires too often fails here as surely as one that never fires.
 */
const CASES: Array<{ fixture: string; profile?: Profile; expected: Expected[] }> = [
  {
    fixture: 'frontmatter',
    profile: 'spec',
    expected: [
      ['skill/frontmatter', 'bad-yaml/SKILL.md', 3, 'error'],
      ['skill/frontmatter', 'dashes-in-value/SKILL.md', 3, 'warning'],
      ['skill/allowed-tools-format', 'flow-style/SKILL.md', 4, 'warning'],
      ['skill/frontmatter', 'flow-style/SKILL.md', 4, 'warning'],
      ['skill/frontmatter', 'no-frontmatter/SKILL.md', 1, 'error'],
      ['skill/frontmatter', 'not-a-mapping/SKILL.md', 2, 'error'],
      ['skill/frontmatter', 'unclosed/SKILL.md', 1, 'error'],
    ],
  },
  {
    // Claude Code loads a file without frontmatter, and every YAML reader but strictyaml takes flow style.
    fixture: 'frontmatter',
    profile: 'claude-code',
    expected: [
      ['skill/frontmatter', 'bad-yaml/SKILL.md', 3, 'error'],
      ['skill/frontmatter', 'no-frontmatter/SKILL.md', 1, 'warning'],
      ['skill/frontmatter', 'not-a-mapping/SKILL.md', 2, 'error'],
      ['skill/frontmatter', 'unclosed/SKILL.md', 1, 'error'],
    ],
  },
  {
    fixture: 'required-fields',
    profile: 'spec',
    expected: [
      ['skill/required-fields', 'no-description/SKILL.md', 2, 'error'],
      ['skill/required-fields', 'no-name/SKILL.md', 2, 'error'],
    ],
  },
  {
    // In Claude Code the folder gives the command; a missing description only weakens triggering.
    fixture: 'required-fields',
    profile: 'claude-code',
    expected: [['skill/required-fields', 'no-description/SKILL.md', 2, 'warning']],
  },
  {
    fixture: 'name-format',
    profile: 'spec',
    expected: [
      ['skill/name-format', '-pdf/SKILL.md', 2, 'error'],
      ['skill/name-format', '123/SKILL.md', 2, 'error'],
      ['skill/name-format', `${'a'.repeat(65)}/SKILL.md`, 2, 'error'],
      ['skill/name-format', 'pdf_processing/SKILL.md', 2, 'error'],
      ['skill/name-format', 'pdf--processing/SKILL.md', 2, 'error'],
      ['skill/name-format', 'PDF-Processing/SKILL.md', 2, 'error'],
      ['skill/name-format', '技能/SKILL.md', 2, 'warning'],
    ],
  },
  {
    fixture: 'name-format',
    profile: 'anthropic',
    expected: [
      ['skill/name-format', '-pdf/SKILL.md', 2, 'error'],
      ['skill/name-format', '123/SKILL.md', 2, 'error'],
      ['skill/name-format', `${'a'.repeat(65)}/SKILL.md`, 2, 'error'],
      ['skill/name-format', 'pdf_processing/SKILL.md', 2, 'error'],
      ['skill/name-format', 'pdf--processing/SKILL.md', 2, 'error'],
      ['skill/name-format', 'PDF-Processing/SKILL.md', 2, 'error'],
      ['skill/name-format', '技能/SKILL.md', 2, 'error'],
    ],
  },
  { fixture: 'name-matches-folder', profile: 'spec', expected: [['skill/name-matches-folder', 'report-writer/SKILL.md', 2, 'error']] },
  { fixture: 'name-matches-folder', profile: 'claude-code', expected: [['skill/name-matches-folder', 'report-writer/SKILL.md', 2, 'warning']] },
  // agentship.yaml in this fixture sets `default-profile: anthropic`.
  { fixture: 'reserved-name', expected: [['skill/reserved-name', 'claude-helper/SKILL.md', 2, 'error']] },
  { fixture: 'reserved-name', profile: 'spec', expected: [] },
  {
    fixture: 'description-length',
    profile: 'spec',
    expected: [
      ['skill/description-length', 'a-list/SKILL.md', 3, 'error'],
      ['skill/description-length', 'empty/SKILL.md', 3, 'error'],
      ['skill/description-length', 'too-long/SKILL.md', 3, 'error'],
    ],
  },
  { fixture: 'description-angle-brackets', expected: [['skill/description-angle-brackets', 'tagged/SKILL.md', 3, 'error']] },
  { fixture: 'description-angle-brackets', profile: 'spec', expected: [] },
  // Found under .claude/skills/, so the claude-code profile applies by location.
  { fixture: 'listing-length', expected: [['skill/listing-length', '.claude/skills/long-listing/SKILL.md', 4, 'warning']] },
  { fixture: 'unknown-field', profile: 'spec', expected: [['skill/unknown-field', 'versioned/SKILL.md', 4, 'error']] },
  { fixture: 'unknown-field', profile: 'claude-code', expected: [['skill/unknown-field', 'versioned/SKILL.md', 4, 'warning']] },
  {
    fixture: 'compatibility-length',
    profile: 'spec',
    expected: [
      ['skill/compatibility-length', 'a-list/SKILL.md', 4, 'error'],
      ['skill/compatibility-length', 'empty/SKILL.md', 4, 'error'],
      ['skill/compatibility-length', 'too-long/SKILL.md', 4, 'error'],
    ],
  },
  {
    fixture: 'metadata-format',
    profile: 'spec',
    expected: [
      ['skill/metadata-format', 'a-string/SKILL.md', 4, 'error'],
      ['skill/metadata-format', 'nested/SKILL.md', 5, 'error'],
      ['skill/metadata-format', 'number/SKILL.md', 5, 'warning'],
    ],
  },
  {
    fixture: 'allowed-tools-format',
    profile: 'spec',
    expected: [
      ['skill/allowed-tools-format', 'a-mapping/SKILL.md', 4, 'error'],
      ['skill/allowed-tools-format', 'block-list/SKILL.md', 4, 'warning'],
      ['skill/allowed-tools-format', 'commas/SKILL.md', 4, 'warning'],
      ['skill/allowed-tools-format', 'unbalanced/SKILL.md', 4, 'error'],
    ],
  },
  {
    // Claude Code reads lists and commas; a mapping or an unbalanced entry is wrong everywhere.
    fixture: 'allowed-tools-format',
    profile: 'claude-code',
    expected: [
      ['skill/allowed-tools-format', 'a-mapping/SKILL.md', 4, 'error'],
      ['skill/allowed-tools-format', 'unbalanced/SKILL.md', 4, 'error'],
    ],
  },
  {
    fixture: 'body-length',
    profile: 'spec',
    expected: [
      ['skill/body-length', 'many-lines/SKILL.md', 505, 'warning'],
      ['skill/body-length', 'many-tokens/SKILL.md', 5, 'warning'],
    ],
  },
  {
    fixture: 'reference-exists',
    profile: 'spec',
    expected: [
      ['skill/reference-exists', 'missing/SKILL.md', 8, 'warning'],
      ['skill/reference-exists', 'missing/SKILL.md', 8, 'warning'],
    ],
  },
  {
    fixture: 'reference-path',
    profile: 'spec',
    expected: [
      ['skill/reference-path', 'outside/SKILL.md', 8, 'warning'],
      ['skill/reference-path', 'outside/SKILL.md', 8, 'warning'],
      ['skill/reference-path', 'outside/SKILL.md', 8, 'warning'],
    ],
  },
  { fixture: 'reference-depth', profile: 'spec', expected: [['skill/reference-depth', 'chained/SKILL.md', 8, 'warning']] },
  {
    fixture: 'broad-tool-grant',
    profile: 'spec',
    expected: [
      ['skill/broad-tool-grant', 'everything/SKILL.md', 4, 'warning'],
      ['skill/broad-tool-grant', 'everything/SKILL.md', 4, 'warning'],
      ['skill/broad-tool-grant', 'everything/SKILL.md', 4, 'warning'],
    ],
  },
  {
    fixture: 'shell-preprocessing',
    profile: 'spec',
    expected: [
      ['skill/shell-preprocessing', 'status/SKILL.md', 8, 'warning'],
      ['skill/shell-preprocessing', 'status/SKILL.md', 10, 'warning'],
    ],
  },
  {
    fixture: 'hidden-unicode',
    profile: 'spec',
    expected: [
      ['skill/hidden-unicode', 'smuggled/SKILL.md', 8, 'warning'],
      ['skill/hidden-unicode', 'smuggled/SKILL.md', 10, 'error'],
    ],
  },
  { fixture: 'remote-code', profile: 'spec', expected: [['skill/remote-code', 'installer/SKILL.md', 11, 'warning']] },
  {
    // Found under .agents/skills/, so the codex profile applies by location.
    fixture: 'codex-metadata',
    expected: [
      ['skill/codex-metadata', '.agents/skills/broken-yaml/agents/openai.yaml', 3, 'error'],
      ['skill/codex-metadata', '.agents/skills/docs-sync/agents/openai.yaml', 3, 'warning'],
      ['skill/codex-metadata', '.agents/skills/docs-sync/agents/openai.yaml', 4, 'warning'],
      ['skill/codex-metadata', '.agents/skills/docs-sync/agents/openai.yaml', 6, 'warning'],
    ],
  },
  { fixture: 'codex-metadata', profile: 'spec', expected: [] },
];

const sorted = (rows: Expected[]) => [...rows].sort((a, b) => a.join('\0').localeCompare(b.join('\0')));

describe('skill rules on their broken fixtures', () => {
  for (const { fixture, profile, expected } of CASES) {
    it(`${fixture} (${profile ?? 'profile from location and agentship.yaml'})`, () => {
      expect(sorted(findingsOf(fixture, profile))).toEqual(sorted(expected));
    });
  }

  it('has at least one broken case for every skill rule', () => {
    const covered = new Set(CASES.flatMap((c) => c.expected.map(([id]) => id)));
    expect(skillRules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('finds nothing in a well-formed skill, whatever the profile', () => {
    for (const profile of PROFILES) expect(findingsOf('valid', profile), profile).toEqual([]);
  });
});

describe('skill rule messages', () => {
  const messages = (fixture: string, profile?: Profile) => validate(join(FIXTURES, fixture), { rules: skillRules, profile }).findings.map((f) => f.message);

  it('name what is wrong and how to fix it', () => {
    expect(messages('unknown-field', 'spec')).toEqual([expect.stringMatching(/'version'.*metadata/)]);
    expect(messages('name-matches-folder', 'spec')).toEqual(["Folder name 'report-writer' must match skill name 'reports'; rename the folder or the name."]);
    expect(messages('description-length', 'spec')).toContain('Description exceeds the 1024 character limit (1025 characters); move detail into the body.');
    expect(messages('metadata-format', 'spec')).toContain('metadata.version is a number; quote it (version: "1.0") so every YAML reader gets a string.');
    expect(messages('hidden-unicode', 'spec')[1]).toMatch(/U\+E0049, U\+E0067, U\+E006E/);
    expect(messages('reference-depth', 'spec')[0]).toMatch(/references\/overview\.md links on to details\.md \(line 3\)/);
  });
});

describe('skill rules: values of the wrong kind', () => {
  const skill = (frontmatter: string[], body = 'Do the thing.\n') => `---\n${frontmatter.join('\n')}\n---\n${body}`;
  /** "rule line severity message" of each finding in a tree. */
  const found = (files: Record<string, string>, profile?: Profile) =>
    validate(makeTree(files), { rules: skillRules, profile }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.severity} ${f.message}`);

  it('broad-tool-grant: WebFetch with no domain or any domain; a scoped WebFetch passes', () => {
    const files = { 'fetcher/SKILL.md': skill(['name: fetcher', 'description: Fetches pages.', 'allowed-tools:', '  - WebFetch', '  - WebFetch(*)', '  - WebFetch(domain:docs.example.com)', '  - Read']) };
    expect(found(files, 'spec').filter((f) => f.startsWith('skill/broad-tool-grant'))).toEqual([
      "skill/broad-tool-grant fetcher/SKILL.md:5 warning allowed-tools pre-approves 'WebFetch' while the skill is active: it fetches any URL without asking. Scope it (`Bash(git status:*)`, `Write(./out/**)`) or leave it to the user's permission prompt.",
      "skill/broad-tool-grant fetcher/SKILL.md:6 warning allowed-tools pre-approves 'WebFetch(*)' while the skill is active: it fetches any URL without asking. Scope it (`Bash(git status:*)`, `Write(./out/**)`) or leave it to the user's permission prompt.",
    ]);
  });

  it('name and description: empty values are "must be a non-empty string", on their lines', () => {
    expect(found({ 'blank/SKILL.md': skill(['name:', 'description: "   "']) }, 'spec').filter((f) => /name-format|description-length/.test(f))).toEqual([
      "skill/name-format blank/SKILL.md:2 error Field 'name' must be a non-empty string.",
      "skill/description-length blank/SKILL.md:3 error Field 'description' must be a non-empty string.",
    ]);
    expect(found({ 'blank/SKILL.md': skill(['name: "  "', 'description:']) }, 'spec').filter((f) => /name-format|description-length/.test(f))).toEqual([
      "skill/name-format blank/SKILL.md:2 error Field 'name' must be a non-empty string.",
      "skill/description-length blank/SKILL.md:3 error Field 'description' must be a non-empty string.",
    ]);
  });

  it('description-length: over 1,024 characters is a warning for Claude Code, which loads it, and an error for the spec', () => {
    const files = { '.claude/skills/long/SKILL.md': skill(['name: long', `description: ${'word '.repeat(205)}end`]) };
    expect(found(files).filter((f) => f.includes('description-length'))).toEqual([
      'skill/description-length .claude/skills/long/SKILL.md:3 warning Description exceeds the 1024 character limit (1028 characters); move detail into the body.',
    ]);
    expect(found(files, 'spec').filter((f) => f.includes('description-length'))).toEqual([expect.stringMatching(/^skill\/description-length \.claude\/skills\/long\/SKILL\.md:3 error /)]);
  });

  it('codex-metadata: a file that is not a mapping, a section that is not a mapping; an empty file is fine', () => {
    const codexSkill = (name: string) => skill([`name: ${name}`, `description: The ${name} skill.`]);
    const files = {
      '.agents/skills/listed/SKILL.md': codexSkill('listed'),
      '.agents/skills/listed/agents/openai.yaml': '- display_name: Listed\n',
      '.agents/skills/flat/SKILL.md': codexSkill('flat'),
      '.agents/skills/flat/agents/openai.yaml': 'interface: Flat skill\npolicy:\n  allow_implicit_invocation: "yes"\n',
      '.agents/skills/empty/SKILL.md': codexSkill('empty'),
      '.agents/skills/empty/agents/openai.yaml': '# nothing yet\n',
    };
    expect(found(files).filter((f) => f.includes('codex-metadata'))).toEqual([
      "skill/codex-metadata .agents/skills/flat/agents/openai.yaml:1 warning 'interface' should be a mapping, not a string.",
      "skill/codex-metadata .agents/skills/flat/agents/openai.yaml:3 warning 'policy.allow_implicit_invocation' should be a boolean, not a string.",
      'skill/codex-metadata .agents/skills/listed/agents/openai.yaml:1 warning agents/openai.yaml should be a mapping with `interface:`, not a list.',
    ]);
  });
});

describe('skill rule documentation', () => {
  it('has a page per rule with why, a bad and a good example', () => {
    for (const rule of skillRules) {
      const page = join(REPO_ROOT, 'docs/rules', `${rule.id}.md`);
      expect(existsSync(page), page).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text, rule.id).toMatch(new RegExp(`^# ${rule.id}\\b`));
      expect(text, rule.id).toMatch(/^## Why/m);
      expect(text, rule.id).toMatch(/^## Bad/m);
      expect(text, rule.id).toMatch(/^## Good/m);
    }
  });
});
