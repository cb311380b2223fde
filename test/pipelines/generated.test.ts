import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers.js';
import { cliOnPath, findGitlabTools, gitlabCiLocal, MISSING_TOOLS } from './gitlab-tools.js';

/**
 * The generated files stay in step with their sources: docs/actions.md with every action.yml, and
 * the classic GitLab include with the components. And both GitLab entry points pass GitLab's CI
 * schema (gitlab-ci-local validates against it) and list the jobs a user expects.
 */
const node = (script: string, ...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

describe('docs/actions.md', () => {
  it('equals a fresh generation from actions/*/action.yml', () => {
    const check = node('scripts/gen-action-docs.mjs', '--check');
    expect(check.status, check.stderr).toBe(0);
  });

  it('has every input and output of every action, with its default', () => {
    const page = readFileSync(join(REPO_ROOT, 'docs/actions.md'), 'utf8');
    const actions = readdirSync(join(REPO_ROOT, 'actions')).filter((d) => existsSync(join(REPO_ROOT, 'actions', d, 'action.yml')));
    expect(actions.length).toBeGreaterThanOrEqual(7);
    const sections = new Map(page.split('\n## ').slice(1).map((s) => [s.slice(0, s.indexOf('\n')), s]));
    for (const name of actions) {
      const section = sections.get(name) ?? '';
      const action = parse(readFileSync(join(REPO_ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs?: Record<string, { default?: unknown; required?: boolean }>; outputs?: Record<string, unknown> };
      for (const [id, input] of Object.entries(action.inputs ?? {})) {
        const row = section.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
        expect(row, `${name} input ${id}`).toBeDefined();
        expect(row!.endsWith(input.required ? '| yes |' : '| no |')).toBe(true);
        if (input.default !== undefined && input.default !== '') expect(row).toContain(`\`${String(input.default)}\``);
      }
      for (const id of Object.keys(action.outputs ?? {})) expect(section, `${name} output ${id}`).toContain(`| \`${id}\` |`);
    }
  });

  it('is summarised in the README: a row per action naming every input and output', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- actions:start -->'), readme.indexOf('<!-- actions:end -->'));
    const actions = readdirSync(join(REPO_ROOT, 'actions')).filter((d) => existsSync(join(REPO_ROOT, 'actions', d, 'action.yml')));
    for (const name of actions) {
      const row = section.split('\n').find((l) => l.startsWith(`| [\`${name}\`]`));
      expect(row, name).toBeDefined();
      const action = parse(readFileSync(join(REPO_ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
      for (const id of [...Object.keys(action.inputs ?? {}), ...Object.keys(action.outputs ?? {})]) expect(row, `${name} ${id}`).toContain(`\`${id}\``);
    }
  });
});

describe('gitlab-templates/agentship.gitlab-ci.yml', () => {
  it('equals a fresh generation from the components', () => {
    const check = node('scripts/gen-gitlab-include.mjs', '--check');
    expect(check.status, check.stderr).toBe(0);
  });

  it('has every job of the components, no component input left, and a default for every variable it reads', () => {
    const classic = readFileSync(join(REPO_ROOT, 'gitlab-templates/agentship.gitlab-ci.yml'), 'utf8');
    expect(classic).not.toContain('$[[');
    const parsed = parse(classic) as Record<string, unknown> & { variables: Record<string, { value: string }> };
    const componentJobs = readdirSync(join(REPO_ROOT, 'gitlab-templates/templates')).flatMap((f) => {
      const body = readFileSync(join(REPO_ROOT, 'gitlab-templates/templates', f), 'utf8').split(/^---\s*$/m)[1];
      return Object.keys(parse(body.replace(/\$\[\[[^\]]*\]\]/g, 'x')) as object);
    });
    expect(Object.keys(parsed).filter((k) => k !== 'variables').sort()).toEqual(componentJobs.sort());
    const read = new Set([...classic.matchAll(/\$\{?(AGENTSHIP_[A-Z_]+)/g)].map((m) => m[1]));
    // AGENTSHIP_TOKEN and the alert destinations are secrets the user sets; everything else has a default.
    const secrets = new Set(['AGENTSHIP_TOKEN', 'AGENTSHIP_SLACK_WEBHOOK_URL', 'AGENTSHIP_PAGERDUTY_ROUTING_KEY', 'AGENTSHIP_ALERT_WEBHOOK_URL']);
    expect([...read].filter((v) => !secrets.has(v) && !(v in parsed.variables))).toEqual([]);
  });
});

const tools = findGitlabTools();
if (!tools) console.warn(`test/pipelines/generated.test.ts (GitLab schema checks) skipped: ${MISSING_TOOLS}`);

describe.skipIf(!tools)("GitLab's CI schema, through gitlab-ci-local", () => {
  function repoWith(gitlabCi: string): string {
    const repo = mkdtempSync(join(tmpdir(), 'agentship-gitlab-lint-'));
    cpSync(join(REPO_ROOT, 'gitlab-templates'), join(repo, 'gitlab-templates'), { recursive: true });
    writeFileSync(join(repo, '.gitlab-ci.yml'), gitlabCi);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=A', ...args], { cwd: repo });
    git('init', '--quiet', '-b', 'main');
    git('remote', 'add', 'origin', 'https://gitlab.example.com/acme/agents.git');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'ci');
    return repo;
  }

  async function listJobs(gitlabCi: string): Promise<string[]> {
    const repo = repoWith(gitlabCi);
    const run = await gitlabCiLocal(tools!, repo, ['--list-json', '--json-schema-validation'], [cliOnPath(join(repo, '.bin'))]);
    expect(run.status, run.output).toBe(0);
    const json = run.output.slice(run.output.indexOf('[\n'), run.output.lastIndexOf(']') + 1);
    return (JSON.parse(json) as Array<{ name: string }>).map((j) => j.name).sort();
  }

  const allJobs = ['agentship-cost', 'agentship-cost-note', 'agentship-dry-run', 'agentship-integration', 'agentship-monitoring', 'agentship-production-canary', 'agentship-production-compare', 'agentship-production-promote', 'agentship-production-rollback', 'agentship-production-rollback-manual', 'agentship-staging', 'agentship-validate'];

  it('is live: it rejects a job with an unknown keyword', async () => {
    const repo = repoWith('job:\n  script: [echo]\n  artifactz: {}\n');
    const run = await gitlabCiLocal(tools!, repo, ['--list-json', '--json-schema-validation'], []);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/artifactz|additionalProperties/);
  });

  it('accepts every component, with inputs, and lists its jobs', async () => {
    const includes = readdirSync(join(REPO_ROOT, 'gitlab-templates/templates'))
      .map((f) => `  - local: gitlab-templates/templates/${f}\n    inputs:\n      path: .\n`)
      .join('');
    expect(await listJobs(`include:\n${includes}`)).toEqual(allJobs);
  });

  it('accepts the classic include file and lists the same jobs', async () => {
    expect(await listJobs('include:\n  - local: gitlab-templates/agentship.gitlab-ci.yml\n')).toEqual(allJobs);
  });
});
