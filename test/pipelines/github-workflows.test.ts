import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTree, REPO_ROOT } from '../helpers.js';
import { githubParser, type GithubParser } from './github-parser.js';

/**
 * The GitHub side of the pipelines: every workflow and action.yml goes through GitHub's own parser,
 * and the conventions the issue asks for are checked on the parsed files (pins, permissions,
 * concurrency, the inputs given to our actions), so a drift in any action's interface shows here.
 */
type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown>; 'continue-on-error'?: unknown };
type Job = { uses?: string; permissions?: Record<string, string>; concurrency?: { group: string; 'cancel-in-progress'?: unknown }; environment?: unknown; steps?: Step[] };
type Workflow = { on: Record<string, any>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const REUSABLE_DIR = join(REPO_ROOT, '.github/workflows');
const TEMPLATES_DIR = join(REPO_ROOT, 'workflow-templates');
const reusableFiles = readdirSync(REUSABLE_DIR).filter((f) => f.startsWith('reusable-') && f.endsWith('.yml'));
const templateFiles = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.yml'));
const actionDirs = readdirSync(join(REPO_ROOT, 'actions')).filter((d) => existsSync(join(REPO_ROOT, 'actions', d, 'action.yml')));
const read = (path: string) => readFileSync(path, 'utf8');
const load = (path: string) => parse(read(path)) as Workflow;
const steps = (wf: Workflow) => Object.entries(wf.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step) => ({ job, step })));

let parser: GithubParser;
beforeAll(async () => {
  parser = await githubParser();
}, 120_000);

describe("GitHub's workflow parser", () => {
  it('is live: it rejects an unknown key and a misspelt context', async () => {
    const errors = await parser.workflowErrors('broken.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    typez: 1\n    steps:\n      - run: echo ${{ githb.sha }}\n');
    expect(errors.join('\n')).toMatch(/Unexpected value 'typez'/);
    expect(errors.join('\n')).toMatch(/Unrecognized named-value: 'githb'/);
    expect(parser.actionErrors('action.yml', 'name: x\ndescription: y\nruns:\n  using: node99\n  main: a.js\n').join('\n')).toMatch(/node99/);
  });

  it.each([...reusableFiles.map((f) => join('.github/workflows', f)), ...templateFiles.map((f) => join('workflow-templates', f))])('parses %s without error', async (file) => {
    expect(await parser.workflowErrors(file, read(join(REPO_ROOT, file)))).toEqual([]);
  });

  it.each(actionDirs)('parses actions/%s/action.yml without error', (dir) => {
    expect(parser.actionErrors(`actions/${dir}/action.yml`, read(join(REPO_ROOT, 'actions', dir, 'action.yml')))).toEqual([]);
  });
});

describe('reusable workflows', () => {
  it.each(reusableFiles)('%s is a workflow_call with least privilege per job', (file) => {
    const wf = load(join(REUSABLE_DIR, file));
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(wf.permissions).toEqual({});
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect(job.permissions, `${file} job ${name} declares its permissions`).toBeDefined();
      for (const [scope, level] of Object.entries(job.permissions ?? {})) expect(['read', 'write', 'none'], `${name}: ${scope}`).toContain(level);
    }
  });

  it.each(reusableFiles)('%s declares every input it reads', (file) => {
    const wf = load(join(REUSABLE_DIR, file));
    const declared = new Set(Object.keys(wf.on.workflow_call.inputs ?? {}));
    const used = new Set([...read(join(REUSABLE_DIR, file)).matchAll(/\binputs\.([a-z][a-z0-9-]*)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !declared.has(name))).toEqual([]);
    // And every declared input is used somewhere (no dead knobs).
    expect([...declared].filter((name) => !used.has(name))).toEqual([]);
  });

  it('pins third-party actions by full commit SHA with a version comment, and ours at @v1', () => {
    const lines = [...reusableFiles.map((f) => join(REUSABLE_DIR, f)), ...templateFiles.map((f) => join(TEMPLATES_DIR, f))].flatMap((f) => read(f).split('\n'));
    const uses = lines.filter((l) => /^\s*(-\s+)?uses:/.test(l)).map((l) => l.replace(/^\s*(-\s+)?uses:\s*/, ''));
    expect(uses.length).toBeGreaterThan(10);
    for (const use of uses) {
      if (use.startsWith('agentship/agentship/')) {
        expect(use).toMatch(/^agentship\/agentship\/(actions\/[a-z-]+|\.github\/workflows\/reusable-[a-z-]+\.yml)@v1$/);
      } else {
        expect(use, use).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
      }
    }
  });

  it('gives our actions only inputs they declare, and every required one', () => {
    const checked: string[] = [];
    for (const file of reusableFiles) {
      for (const { job, step } of steps(load(join(REUSABLE_DIR, file)))) {
        const name = /^agentship\/agentship\/actions\/([a-z-]+)@v1$/.exec(step.uses ?? '')?.[1];
        if (!name) continue;
        const actionFile = join(REPO_ROOT, 'actions', name, 'action.yml');
        expect(existsSync(actionFile), `${file} ${job}: actions/${name} exists`).toBe(true);
        const inputs = (parse(read(actionFile)) as { inputs?: Record<string, { required?: boolean; default?: unknown }> }).inputs ?? {};
        const given = Object.keys(step.with ?? {});
        expect(given.filter((k) => !(k in inputs)), `${file} ${job} -> actions/${name}`).toEqual([]);
        const required = Object.entries(inputs).filter(([, i]) => i.required && i.default === undefined).map(([k]) => k);
        expect(required.filter((k) => !given.includes(k)), `${file} ${job} -> actions/${name} required`).toEqual([]);
        checked.push(`${job}:${name}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['validate:validate', 'dry-run:dry-run', 'cost:cost-gate', 'production-canary:deploy', 'compare:canary-compare', 'rollback:rollback', 'report:report']));
  });

  it('never cancels a deployment: staging and production jobs queue in one group per environment', () => {
    const release = load(join(REUSABLE_DIR, 'reusable-release.yml'));
    for (const name of ['staging', 'production-canary', 'compare', 'promote', 'rollback']) {
      const c = release.jobs[name].concurrency;
      expect(c?.['cancel-in-progress'], name).toBe(false);
      expect(c?.group).toMatch(/^agentship-deploy-\$\{\{ github\.repository \}\}-\$\{\{ inputs\.(staging|production)-environment \}\}$/);
    }
    expect(release.jobs['production-canary'].environment).toEqual({ name: '${{ inputs.production-environment }}' });
    expect(release.jobs.staging.environment).toEqual({ name: '${{ inputs.staging-environment }}' });
    // A rollback must never wait for a reviewer.
    expect(release.jobs.rollback.environment).toBeUndefined();
  });
});

describe('starter templates', () => {
  it.each(templateFiles)('%s has its .properties.json and calls a reusable workflow it grants enough permissions', (file) => {
    const properties = JSON.parse(read(join(TEMPLATES_DIR, file.replace(/\.yml$/, '.properties.json')))) as { name: string; description: string; categories: string[]; filePatterns?: string[] };
    expect(properties.name).toMatch(/^agentship/);
    expect(properties.description.length).toBeGreaterThan(40);
    for (const pattern of properties.filePatterns ?? []) expect(() => new RegExp(pattern)).not.toThrow();

    const caller = load(join(TEMPLATES_DIR, file));
    const callerJobs = Object.values(caller.jobs);
    expect(callerJobs).toHaveLength(1);
    const target = /^agentship\/agentship\/\.github\/workflows\/(reusable-[a-z-]+\.yml)@v1$/.exec(callerJobs[0].uses ?? '')?.[1];
    expect(target && reusableFiles).toContain(target);
    // A called workflow's jobs can only keep or reduce the caller's token permissions.
    const granted = callerJobs[0].permissions ?? {};
    const callee = load(join(REUSABLE_DIR, target!));
    for (const [name, job] of Object.entries(callee.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        if (level === 'none') continue;
        expect(granted[scope] === 'write' || granted[scope] === level, `${file} grants ${scope}: ${level} for ${target} job ${name}`).toBe(true);
      }
    }
  });
});

describe('the change classifier of the pull request workflow', () => {
  const classify = (load(join(REUSABLE_DIR, 'reusable-pull-request.yml')).jobs.changes.steps ?? []).find((s) => s.id === 'classify')!.run!;

  function outputsFor(changes: Record<string, string>, env: Record<string, string> = {}): Record<string, string> {
    const repo = makeTree({ 'AGENTS.md': '# base\n', 'docs/guide.md': 'guide\n', 'skills/a/SKILL.md': '---\nname: a\n---\n' }, 'agentship-classify-');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=A', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '--quiet', '-b', 'main');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    for (const [path, content] of Object.entries(changes)) {
      mkdirSync(join(repo, path, '..'), { recursive: true });
      writeFileSync(join(repo, path), content);
    }
    git('add', '-A');
    git('commit', '--quiet', '--allow-empty', '-m', 'change');
    const outputFile = join(repo, '.github-output');
    const result = spawnSync('bash', ['-c', classify], { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH, GITHUB_OUTPUT: outputFile, BASE_SHA: base, CONFIG_ROOT: '.', RUN_ALL: 'false', ...env } });
    expect(result.status, result.stderr).toBe(0);
    return Object.fromEntries(read(outputFile).trim().split('\n').map((l) => l.split('=') as [string, string]));
  }

  it('skips every stage for a documentation-only change', () => {
    expect(outputsFor({ 'docs/guide.md': 'new guide\n', 'README.md': 'hello\n' })).toEqual({ validate: 'false', 'dry-run': 'false', cost: 'false', 'docs-only': 'true' });
  });

  it('runs everything for a skill change, and validate and dry-run (not cost) for an MCP config', () => {
    expect(outputsFor({ 'skills/a/SKILL.md': '---\nname: a\ndescription: b\n---\n' })).toEqual({ validate: 'true', 'dry-run': 'true', cost: 'true', 'docs-only': 'false' });
    expect(outputsFor({ 'agents/x/.mcp.json': '{}\n' })).toEqual({ validate: 'true', 'dry-run': 'true', cost: 'false', 'docs-only': 'false' });
    expect(outputsFor({ 'environments/production/budget-limits.yaml': 'monthly-budget-usd: 10\n' })).toMatchObject({ cost: 'true' });
  });

  it('counts an instruction file as configuration although it is markdown', () => {
    expect(outputsFor({ 'agents/x/CLAUDE.md': '@AGENTS.md\n' })).toEqual({ validate: 'true', 'dry-run': 'true', cost: 'true', 'docs-only': 'false' });
  });

  it('looks only under path, and runs everything outside a pull request or with run-all', () => {
    expect(outputsFor({ 'skills/a/SKILL.md': 'changed\n' }, { CONFIG_ROOT: 'agents-config' })).toEqual({ validate: 'false', 'dry-run': 'false', cost: 'false', 'docs-only': 'false' });
    expect(outputsFor({ 'docs/guide.md': 'x\n' }, { BASE_SHA: '' })).toEqual({ validate: 'true', 'dry-run': 'true', cost: 'true', 'docs-only': 'false' });
    expect(outputsFor({ 'docs/guide.md': 'x\n' }, { RUN_ALL: 'true' })).toMatchObject({ validate: 'true' });
  });
});
