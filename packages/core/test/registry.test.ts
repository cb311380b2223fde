import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, FAMILIES, findingKind, findingKinds, loadConfig } from '@agentship/core';
import { ruleDocsUrl, validate, type Finding } from '@agentship/core';
import { checkRuleLevels, editDistance, levelFindings } from '@agentship/core/registry';
import { projectCosts } from '@agentship/core/cost';
import { mcpCheckFindings } from '@agentship/core/mcpcheck';
import { makeTree, REPO_ROOT } from '../../../test/helpers.js';

const configOf = (yaml: string) => loadConfig(makeTree({ 'agentship.yaml': yaml })).config;
const finding = (ruleId: string, severity: Finding['severity'] = 'error'): Finding => ({
  ruleId,
  severity,
  message: 'm',
  file: 'f',
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the registry of finding kinds', () => {
  it('holds every rule and every stage finding once, each with a default level and a description', () => {
    const ids = findingKinds.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    const samples = ['skill/name-format', 'config/internal-error', 'cost/no-model', 'dryrun/suite-invalid'];
    for (const id of [...samples, 'dryrun/mcp-server-unavailable']) {
      expect(findingKind(id), id).toMatchObject({ id, docsUrl: ruleDocsUrl(id) });
    }
    for (const kind of findingKinds) {
      expect(kind.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning', 'note']).toContain(kind.severity);
      expect(kind.description.length).toBeGreaterThan(10);
    }
    expect(findingKind('cost/nothing')).toBeUndefined();
    expect(FAMILIES).toEqual([
      ...['config', 'skill', 'instructions', 'budget', 'secret', 'mcp', 'permissions', 'roles'],
      ...['dryrun', 'cost'],
    ]);
  });

  it('registers every finding id written in the source (a finding with an unregistered id is a bug)', () => {
    const stages = ['canary', 'deploy', 'report', 'rollback', 'readiness', 'routing', 'alerts'];
    const families = [...FAMILIES, ...stages, 'test'].join('|');
    const literal = new RegExp(`(?:ruleId:\\s*|['"])((?:${families})/[a-z0-9-]+)['"]`, 'g');
    const registered = new Set(findingKinds.map((k) => k.id));
    const packages = ['packages/core/src', 'packages/platform/src', 'packages/cli/src'];
    const files = packages.flatMap((d) => sourceFiles(join(REPO_ROOT, d)));
    const actions = readdirSync(join(REPO_ROOT, 'actions'));
    files.push(...actions.flatMap((a) => sourceFiles(join(REPO_ROOT, 'actions', a, 'src'))));
    const seen = new Set<string>();
    const unregistered: string[] = [];
    for (const file of files) {
      for (const [, id] of readFileSync(file, 'utf8').matchAll(literal)) {
        seen.add(id);
        if (!registered.has(id)) unregistered.push(`${relative(REPO_ROOT, file)}: ${id}`);
      }
    }
    expect(unregistered).toEqual([]);
    // The scan sees the stage findings (not only rule ids), so it would catch a new one.
    const stageIds = ['cost/no-model', 'dryrun/cassette-invalid', 'dryrun/mcp-server-unavailable'];
    expect([...seen]).toEqual(expect.arrayContaining([...stageIds, 'config/encoding']));
  });

  it('lists the families in schemas/agentship.schema.json, so editors flag a wrong family', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/agentship.schema.json'), 'utf8'));
    const pattern = new RegExp(schema.properties.rules.propertyNames.pattern);
    for (const family of FAMILIES) {
      expect(pattern.test(family), family).toBe(true);
      expect(pattern.test(`${family}/some-name`), family).toBe(true);
    }
    expect(pattern.test('sekret')).toBe(false);
    expect(pattern.test('sekret/private-key')).toBe(false);
  });
});

describe('levelFindings: rules: levels for every stage', () => {
  it('drops `off`, re-levels, lets an id win over its family and adds the docs link', () => {
    const config = configOf('rules:\n  cost: off\n  cost/no-model: warning\n  dryrun: note\n');
    const ids = ['cost/no-model', 'cost/unknown-model', 'dryrun/suite-invalid'];
    const out = levelFindings([...ids.map((id) => finding(id)), finding('skill/name-format', 'warning')], config);
    expect(out.map((f) => `${f.ruleId} ${f.severity}`)).toEqual([
      'cost/no-model warning',
      'dryrun/suite-invalid note',
      'skill/name-format warning',
    ]);
    expect(out[0].help).toBe(ruleDocsUrl('cost/no-model'));
  });

  it('throws a ConfigError naming the file, the line and the closest id for an unknown id or family', () => {
    const yaml = 'ignore: []\nrules:\n  secret: off\n  sekret: off\n  skill/nmae-format: note\n';
    const config = configOf(`${yaml}  wholly-made-up: off\n`);
    const error = (() => {
      try {
        checkRuleLevels(config);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const lines = error!.message.split('\n');
    const unknown = 'is not a finding id or family.';
    expect(lines[0]).toBe(`agentship.yaml:4: rules: "sekret" ${unknown} Did you mean "secret"?`);
    expect(lines[1]).toBe(
      `agentship.yaml:5: rules: "skill/nmae-format" ${unknown} Did you mean "skill/name-format"?`,
    );
    expect(lines[2]).toBe(`agentship.yaml:6: rules: "wholly-made-up" ${unknown}`);
    expect(() => levelFindings([], config)).toThrow(ConfigError);
    expect(levelFindings([finding('secret/private-key')], config, { lenient: true })).toEqual([]);
    const custom = configOf('rules:\n  test/marker: off\n');
    expect(() => checkRuleLevels(custom, { extraIds: ['test/marker'] })).not.toThrow();
    expect(() => checkRuleLevels(custom)).toThrow(ConfigError);
  });

  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('nmae', 'name')).toBe(1);
    expect(editDistance('sekret', 'secret')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('rules: levels reach the stages in process', () => {
  const workload = 'triage: { tasks-per-day: 1, avg-input-tokens: 10, avg-output-tokens: 10 }';
  const noModel = (rules = '') =>
    makeTree({
      'agentship.yaml': `agents:\n  triage: {}\n${rules}`,
      'agents/triage/AGENTS.md': '# Triage\n',
      'environments/production/budget-limits.yaml': `workload:\n  agents:\n    ${workload}\n`,
    });
  const problemsOf = async (root: string) =>
    (await projectCosts(root)).projection.problems.map((p) => `${p.ruleId} ${p.severity}`);

  it('projectCosts hides cost/no-model with `cost: off` and re-levels it with an id entry', async () => {
    expect(await problemsOf(noModel())).toEqual(['cost/no-model error']);
    expect(await problemsOf(noModel('rules:\n  cost: off\n'))).toEqual([]);
    expect(await problemsOf(noModel('rules:\n  cost/no-model: note\n'))).toEqual([
      'cost/no-model note',
    ]);
    const typo = /agentship\.yaml:4: rules: "cots" .* Did you mean "cost"\?/;
    await expect(problemsOf(noModel('rules:\n  cots: off\n'))).rejects.toThrow(typo);
  });

  it('validate throws a ConfigError for an unknown id before any rule runs', () => {
    const root = makeTree({ 'agentship.yaml': 'rules:\n  instructions/empty-fle: off\n', 'AGENTS.md': '' });
    expect(() => validate(root)).toThrow(/agentship\.yaml:2: .*Did you mean "instructions\/empty-file"\?/);
  });

  it('mcpCheckFindings applies the levels to dryrun/mcp-server-unavailable', () => {
    const failed = { name: 'db', transport: 'stdio', file: '.mcp.json', line: 3, ok: false };
    const results = [{ ...failed, error: 'spawn ENOENT', tools: [], durationMs: 1 }] as unknown as Parameters<
      typeof mcpCheckFindings
    >[0];
    const levels = (yaml?: string) =>
      mcpCheckFindings(results, yaml === undefined ? undefined : configOf(yaml)).map((f) => f.severity);
    expect(levels()).toEqual(['error']);
    expect(levels('rules:\n  dryrun/mcp-server-unavailable: warning\n')).toEqual(['warning']);
    expect(levels('rules:\n  dryrun: off\n')).toEqual([]);
  });
});
