import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, ConfigError, fingerprint, loadConfig, ruleDocsUrl, validate, writeBaseline, type Rule } from '@agentship/core';
import { makeTree } from '../../../test/helpers.js';

/** A rule of the test's own: one finding on every line of a governed file that contains MARK. */
const markRule: Rule = {
  id: 'test/marker',
  severity: 'warning',
  description: 'Lines with MARK.',
  *check({ workspace }) {
    for (const file of workspace.files.values()) {
      const lines = file.text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].includes('MARK')) yield { message: `MARK on line ${i + 1}`, file: file.path, line: i + 1 };
      }
    }
  },
};

const configRules = allRules.filter((r) => r.id.startsWith('config/'));
const withMarks = [markRule, ...configRules];
const ids = (findings: Array<{ ruleId: string; file: string; line?: number }>) => findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'}`);

describe('validate: findings', () => {
  it('gives each finding the rule id, level, relative file, line and help link, sorted by file and line', () => {
    const root = makeTree({ 'b/AGENTS.md': 'MARK\n', 'AGENTS.md': 'x\nMARK\nMARK\n' });
    const result = validate(root, { rules: [markRule] });
    expect(ids(result.findings)).toEqual(['test/marker AGENTS.md:2', 'test/marker AGENTS.md:3', 'test/marker b/AGENTS.md:1']);
    expect(result.findings[0]).toEqual({ ruleId: 'test/marker', severity: 'warning', message: 'MARK on line 2', file: 'AGENTS.md', line: 2, help: ruleDocsUrl('test/marker') });
    expect(result.summary).toMatchObject({ errors: 0, warnings: 3, notes: 0, files: 2, suppressed: 0, baselined: 0 });
    expect(result.version).toBe(1);
  });

  it('reports a rule that throws as config/internal-error and keeps every other finding', () => {
    const broken: Rule = { id: 'test/broken', severity: 'error', description: 'throws', check: () => { throw new Error('boom'); } };
    const root = makeTree({ 'AGENTS.md': 'MARK\n' });
    const result = validate(root, { rules: [broken, markRule] });
    expect(ids(result.findings)).toEqual(['config/internal-error .:-', 'test/marker AGENTS.md:1']);
    expect(result.findings[0].message).toContain('test/broken failed: boom');
    // No level hides a crash: a run that could not check everything never passes quietly.
    const quiet = makeTree({ 'AGENTS.md': 'MARK\n', 'agentship.yaml': 'rules:\n  config: off\n' });
    expect(ids(validate(quiet, { rules: [broken] }).findings)).toEqual(['config/internal-error .:-']);
  });

  it('keeps only findings in the given files (pre-commit)', () => {
    const root = makeTree({ 'AGENTS.md': 'MARK\n', 'agents/a/AGENTS.md': 'MARK\n' });
    const result = validate(root, { rules: [markRule], onlyFiles: ['./agents/a/AGENTS.md'] });
    expect(ids(result.findings)).toEqual(['test/marker agents/a/AGENTS.md:1']);
  });

  it('reports bad input in every format as findings with file and line, and the run goes on', () => {
    const root = makeTree({
      '.mcp.json': '{\n  "mcpServers": {},\n  "mcpServers": {}\n}\n',
      '.vscode/mcp.json': '{\n  "servers": {\n}\n',
      '.codex/config.toml': '[mcp_servers.a]\ncommand = \n',
      'environments/ci/budget-limits.yaml': 'tokens:\n\tper-file: 10\n',
      'environments/ci/model-overrides.yaml': 'default-model: a\ndefault-model: b\n',
      '.claude/settings.json': '{ "permissions": { "allow": [ } }\n',
      'agent-roles.yaml': 'a: [\n',
      'skills/bom/SKILL.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\nname: bom\n---\n')]),
      'skills/crlf/SKILL.md': '---\r\nname: crlf\r\n---\r\n',
      'AGENTS.md': Buffer.concat([Buffer.from('ok\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]),
      'CLAUDE.md': Buffer.from([0x40, 0x00, 0x01]),
      'agents/x/AGENTS.md': 'MARK\n',
    });
    const result = validate(root, { rules: withMarks });
    const got = ids(result.findings);
    expect(got).toEqual(
      expect.arrayContaining([
        'config/syntax .mcp.json:3',
        'config/syntax .vscode/mcp.json:4',
        'config/syntax .codex/config.toml:2',
        'config/syntax environments/ci/budget-limits.yaml:2',
        'config/syntax environments/ci/model-overrides.yaml:2',
        'config/syntax .claude/settings.json:1',
        'config/syntax agent-roles.yaml:2',
        'config/encoding skills/bom/SKILL.md:1',
        'config/encoding skills/crlf/SKILL.md:1',
        'config/encoding AGENTS.md:2',
        'config/encoding CLAUDE.md:1',
        'test/marker agents/x/AGENTS.md:1',
      ]),
    );
    expect(result.findings.every((f) => f.file && !f.file.startsWith('/') && !f.file.includes('\\'))).toBe(true);
  });
});

describe('validate: levels from agentship.yaml', () => {
  const files = {
    'environments/ci/model-overrides.yaml': 'default-model: a\ndefault-model: b\n',
    'AGENTS.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('MARK\n')]),
  };

  it('re-levels a rule by id, over the level the rule chose', () => {
    const root = makeTree({ ...files, 'agentship.yaml': 'rules:\n  config/syntax: warning\n  config/encoding: error\n' });
    const result = validate(root, { rules: withMarks });
    const levels = Object.fromEntries(result.findings.map((f) => [f.ruleId, f.severity]));
    expect(levels).toEqual({ 'config/syntax': 'warning', 'config/encoding': 'error', 'test/marker': 'warning' });
  });

  it('turns a whole family off, and a rule id wins over its family', () => {
    const off = validate(makeTree({ ...files, 'agentship.yaml': 'rules:\n  config: off\n' }), { rules: withMarks });
    expect(off.findings.map((f) => f.ruleId)).toEqual(['test/marker']);
    expect(off.rules.some((r) => r.id.startsWith('config/'))).toBe(false);

    const back = validate(makeTree({ ...files, 'agentship.yaml': 'rules:\n  config: off\n  config/syntax: note\n' }), { rules: withMarks });
    expect(back.findings.map((f) => [f.ruleId, f.severity]).sort()).toEqual([
      ['config/syntax', 'note'],
      ['test/marker', 'warning'],
    ]);
  });

  it('turns one rule off', () => {
    // A registered id: the schema lists the families, so `test/marker` would be a config/schema error.
    const root = makeTree({ ...files, 'agentship.yaml': 'rules:\n  config/encoding: off\n' });
    expect(validate(root, { rules: withMarks }).findings.map((f) => f.ruleId).sort()).toEqual(['config/syntax', 'test/marker']);
  });
});

describe('validate: inline directives', () => {
  it('honours disable-next-line, disable-line and disable-file in markdown, by id, family or for all rules', () => {
    const root = makeTree({
      'AGENTS.md': [
        'MARK one', //                                              1: reported
        '<!-- agentship-disable-next-line test/marker -->', //      2
        'MARK two', //                                              3: suppressed
        'MARK three <!-- agentship-disable-line -->', //            4: suppressed (all rules)
        '<!-- agentship-disable-next-line skill/name-format -->', // 5
        'MARK four', //                                             6: reported (another rule)
        '<!-- agentship-disable-next-line config, test -->', //     7
        'MARK five', //                                             8: suppressed (family)
      ].join('\n'),
      'CLAUDE.md': '<!-- agentship-disable-file test -->\nMARK\nMARK\n',
      'agents/a/AGENTS.md': 'MARK\n',
    });
    const result = validate(root, { rules: [markRule] });
    expect(ids(result.findings)).toEqual(['test/marker AGENTS.md:1', 'test/marker AGENTS.md:6', 'test/marker agents/a/AGENTS.md:1']);
    expect(result.summary.suppressed).toBe(5);
  });

  it('honours # comments in YAML for a real rule', () => {
    const root = makeTree({
      'environments/ci/model-overrides.yaml': 'default-model: a\n# agentship-disable-next-line config/syntax\ndefault-model: b\n',
      'environments/ci/budget-limits.yaml': 'monthly-budget-usd: 1\nmonthly-budget-usd: 2 # agentship-disable-line\n',
      'environments/staging/budget-limits.yaml': 'monthly-budget-usd: 1\nmonthly-budget-usd: 2 # agentship-disable-line config/encoding\n',
    });
    const result = validate(root, { rules: configRules });
    expect(ids(result.findings)).toEqual(['config/syntax environments/staging/budget-limits.yaml:2']);
    expect(result.summary.suppressed).toBe(2);
  });
});

describe('validate: baseline', () => {
  it('hides the findings of a baseline file, counts them, and keeps new ones; line moves do not matter', () => {
    const root = makeTree({ 'AGENTS.md': 'MARK a\nMARK b\n' });
    const first = validate(root, { rules: [markRule] });
    expect(first.findings).toHaveLength(2);
    const baselinePath = join(root, 'agentship-baseline.json');
    writeBaseline(baselinePath, first.findings);

    const same = validate(root, { rules: [markRule], baselinePath: 'agentship-baseline.json' });
    expect(same.findings).toEqual([]);
    expect(same.summary.baselined).toBe(2);

    // The marker rule's message carries the line, so moving a line is a new finding for it; a
    // message without the line stays baselined: check with the fingerprint itself.
    const moved = { ...first.findings[0], line: 40 };
    expect(fingerprint(moved)).toBe(fingerprint(first.findings[0]));

    writeFileSync(join(root, 'CLAUDE.md'), 'MARK new\n');
    const later = validate(root, { rules: [markRule], baselinePath: 'agentship-baseline.json' });
    expect(ids(later.findings)).toEqual(['test/marker CLAUDE.md:1']);
    expect(later.summary.baselined).toBe(2);
  });

  it('reads the baseline named in agentship.yaml, and ignores it when told to', () => {
    const root = makeTree({ 'AGENTS.md': 'MARK\n', 'agentship.yaml': 'baseline: .agentship/baseline.json\n' });
    // Named in the config but not there yet: not an error (a team adds it later).
    expect(validate(root, { rules: [markRule] }).findings).toHaveLength(1);
    makeBaseline(root, '.agentship/baseline.json', validate(root, { rules: [markRule] }).findings);
    expect(validate(root, { rules: [markRule] }).findings).toHaveLength(0);
    expect(validate(root, { rules: [markRule], noBaseline: true }).findings).toHaveLength(1);
  });

  it('refuses a missing or malformed baseline given explicitly with a ConfigError', () => {
    const root = makeTree({ 'AGENTS.md': 'MARK\n', 'bad.json': '{"findings": 3}', 'broken.json': '{' });
    expect(() => validate(root, { rules: [markRule], baselinePath: 'nope.json' })).toThrow(ConfigError);
    expect(() => validate(root, { rules: [markRule], baselinePath: 'bad.json' })).toThrow(/no "findings" list/);
    expect(() => validate(root, { rules: [markRule], baselinePath: 'broken.json' })).toThrow(ConfigError);
  });
});

function makeBaseline(root: string, rel: string, findings: Parameters<typeof writeBaseline>[1]): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeBaseline(abs, findings);
}

describe('agentship.yaml', () => {
  it('loads defaults when there is none', () => {
    const loaded = loadConfig(makeTree({}));
    expect(loaded).toEqual({ config: { ignore: [], rules: {}, profiles: {} }, problems: [] });
  });

  it('reports schema errors at the line of the offending key', () => {
    const root = makeTree({
      'agentship.yaml': [
        'ignore:', //                       1
        '  - build/', //                    2
        'rules:', //                        3
        '  skill/name-format: loud', //     4
        '  Skill: off', //                  5
        'default-profile: strict', //       6
        'colour: blue', //                  7
        'agents:', //                       8
        '  triage:', //                     9
        '    path: 3', //                   10
      ].join('\n'),
    });
    const loaded = loadConfig(root);
    const byLine = loaded.problems.map((p) => [p.ruleId, p.line, p.message]);
    expect(loaded.problems.every((p) => p.file === 'agentship.yaml' && p.severity === 'error')).toBe(true);
    expect(byLine).toEqual(
      expect.arrayContaining([
        ['config/schema', 4, expect.stringContaining('rules.skill/name-format')],
        ['config/schema', 5, expect.stringContaining('Skill')],
        ['config/schema', 6, expect.stringContaining('default-profile')],
        ['config/schema', 7, expect.stringContaining('"colour"')],
        ['config/schema', 10, expect.stringContaining('agents.triage.path')],
      ]),
    );
    // What is valid is still used.
    expect(loaded.config.ignore).toEqual(['build/']);
    expect(loaded.config.rules['skill/name-format']).toBeUndefined();
  });

  it('reports YAML syntax errors in agentship.yaml and validation still runs', () => {
    const root = makeTree({ 'agentship.yaml': 'rules:\n  config/syntax: [\n', 'AGENTS.md': 'MARK\n' });
    const result = validate(root, { rules: withMarks });
    expect(ids(result.findings)).toEqual(expect.arrayContaining(['test/marker AGENTS.md:1']));
    expect(result.findings.some((f) => f.file === 'agentship.yaml' && f.ruleId === 'config/syntax' && (f.line ?? 0) >= 2)).toBe(true);
  });

  it('refuses a config file named explicitly that does not exist', () => {
    expect(() => loadConfig(makeTree({}), 'other.yaml')).toThrow(ConfigError);
  });

  it('accepts agentship.yml and an explicit path', () => {
    expect(loadConfig(makeTree({ 'agentship.yml': 'ignore: [a/]\n' })).config.ignore).toEqual(['a/']);
    expect(loadConfig(makeTree({ 'ci/agentship.yaml': 'ignore: [b/]\n' }), 'ci/agentship.yaml').config.ignore).toEqual(['b/']);
  });
});
