import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/index.js';
import { validate } from '../../src/engine/index.js';
import { renderReport } from '../../src/report/index.js';
import { o200k, TokenCache } from '../../src/tokens/index.js';
import { budgetLimits, MAX_FILES_SHOWN, tokenReport, tokenSections } from '../../src/budget/index.js';
import { makeTree, REPO_ROOT } from '../../../../test/helpers.js';

const CLEAN = join(REPO_ROOT, 'test/fixtures/instructions/clean');

describe('tokenReport', () => {
  const ws = discover(CLEAN);
  const report = tokenReport(ws, new TokenCache());

  it('counts each agent context as the instruction chain plus the skill index, per client', () => {
    const claude = report.contexts.find((c) => c.client === 'claude-code')!;
    expect(claude).toMatchObject({ agent: 'triage', path: 'agents/triage', skills: ['release-notes'] });
    expect(claude.files).toEqual(['CLAUDE.md', 'AGENTS.md', 'docs/commands.md', 'agents/triage/CLAUDE.md', 'agents/triage/AGENTS.md']);
    const instructionTokens = claude.files.reduce((sum, f) => sum + o200k.count(readFileSync(join(CLEAN, f), 'utf8')), 0);
    expect(claude.instructionTokens).toBe(instructionTokens);
    expect(claude.skillIndexTokens).toBe(o200k.count('- release-notes: Drafts release notes from merged pull requests. Use when asked to prepare a release.'));
    expect(claude.tokens).toBe(claude.instructionTokens + claude.skillIndexTokens);
    const codex = report.contexts.find((c) => c.client === 'codex')!;
    expect(codex.files).toEqual(['AGENTS.md', 'agents/triage/AGENTS.md']);
    expect(codex.skills).toEqual([]);
  });

  it("estimates for the agent's models: exact for o200k models, a range for Claude", () => {
    const claude = report.contexts.find((c) => c.client === 'claude-code')!;
    const byModel = Object.fromEntries(claude.estimates.map((e) => [e.model, e]));
    expect(Object.keys(byModel).sort()).toEqual(['claude-haiku-4-5', 'gpt-5']);
    expect(byModel['gpt-5']).toMatchObject({ exact: true, tokens: claude.tokens, low: claude.tokens, high: claude.tokens });
    expect(byModel['claude-haiku-4-5'].exact).toBe(false);
    expect(byModel['claude-haiku-4-5'].low).toBeGreaterThan(claude.tokens);
    expect(byModel['claude-haiku-4-5'].high).toBeGreaterThan(byModel['claude-haiku-4-5'].tokens);
  });

  it('lists instruction files, imported files and SKILL.md bodies with every named model', () => {
    expect(report.files.map((f) => `${f.kind} ${f.file}`)).toEqual([
      'skill .claude/skills/release-notes/SKILL.md',
      'instructions AGENTS.md',
      'instructions agents/triage/AGENTS.md',
      'instructions agents/triage/CLAUDE.md',
      'instructions CLAUDE.md',
      'import docs/commands.md',
    ]);
    const skill = report.files[0];
    expect(skill.tokens).toBe(o200k.count('\n# Release notes\n\nList merged pull requests since the last tag and group them by label.\n'));
    expect(report.models.sort()).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-5', 'gpt-5']);
    expect(skill.estimates).toHaveLength(3);
  });

  it('compares with the tightest budget: agentship.yaml and each environment', () => {
    expect(budgetLimits(ws).map((l) => [l.source, l.environment, l.perFile, l.perContext])).toEqual([
      ['agentship.yaml', undefined, 6000, 24000],
      ['environments/production/budget-limits.yaml', 'production', 6000, 24000],
    ]);
    const claude = report.contexts.find((c) => c.client === 'claude-code')!;
    // Same limit in both; the production one counts Claude tokens (an estimate), so it is closer.
    expect(claude.budget).toMatchObject({ limit: 24000, environment: 'production', model: 'claude-haiku-4-5', used: claude.estimates.find((e) => e.model === 'claude-haiku-4-5')!.tokens });
    expect(report.budgets).toHaveLength(2);
  });

  it('is computed once per workspace', () => {
    expect(tokenReport(ws)).toBe(report);
  });
});

describe('tokenSections', () => {
  it('renders agents and files in text and markdown, and nothing for a repository without instructions', () => {
    const [section] = tokenSections(tokenReport(discover(CLEAN)));
    expect(section.title).toBe('Token report');
    expect(section.text).toMatch(/triage \(agents\/triage\)\s+claude-code\s+5 files, 1 skill\s+\d+ tokens\s+gpt-5 \d+, claude-haiku-4-5 ~\d+ \(\d+-\d+\)\s+0% of 24,000 \[production\]/);
    expect(section.markdown).toContain('| Agent | Client | Loads | o200k tokens | Estimates | Budget |');
    expect(section.markdown).toContain('| `docs/commands.md` | import |');
    expect(tokenSections(tokenReport(discover(makeTree({ 'README.md': 'x' }))))).toEqual([]);
  });

  it('shows the largest files and says how many more are in the json', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < MAX_FILES_SHOWN + 5; i++) files[`d${i}/AGENTS.md`] = 'word '.repeat(i + 1);
    const [section] = tokenSections(tokenReport(discover(makeTree(files))));
    expect(section.text).toContain('... and 5 smaller files (all of them in --format json).');
    expect(section.text).toContain(`d${MAX_FILES_SHOWN + 4}/AGENTS.md`);
    expect(section.text).not.toContain('d0/AGENTS.md');
  });
});

describe('the token report, even when nothing is over budget', () => {
  // The engine returns findings and its token counts; the validate stage attaches the report.
  const validated = validate(CLEAN);
  const tokens = tokenReport(validated.workspace, validated.tokens);
  const result = { ...validated, sections: tokenSections(tokens), extra: { tokens } };

  it('is built from the counts the engine made, not by the engine', () => {
    expect(validated.findings).toEqual([]);
    expect(validated).not.toHaveProperty('sections');
    expect(tokenReport(validated.workspace, validated.tokens)).toBe(tokens);
    expect(tokens.contexts.length).toBe(2);
    expect(result.sections.map((s) => s.title)).toEqual(['Token report']);
  });

  it('puts it in text, markdown and json', () => {
    expect(renderReport('text', result)).toMatch(/Token report\n.*o200k_base counts are exact/);
    expect(renderReport('markdown', result)).toContain('<details><summary>Token report</summary>');
    const json = JSON.parse(renderReport('json', result));
    expect(json.version).toBe(1);
    expect(json.tokens.encoding).toBe('o200k_base');
    expect(json.tokens.contexts[0].agent).toBe('triage');
  });
});
