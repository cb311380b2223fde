import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listAgents } from '../agents/index.js';
import { projectCosts } from '../cost/project.js';
import { readEnvironmentCosts } from '../cost/environments.js';
import { verifyLedger, type LedgerEntry } from '../deploy/ledger.js';
import { dryRunSettings } from '../dryrun/settings.js';
import { validate } from '../engine/index.js';
import { monitoringConfig } from '../usage/config.js';

/**
 * The production readiness checklist of one environment: each item is ticked from evidence in the
 * repository when agentship has some, and left for a person otherwise. docs/readiness.md lists
 * every item and its evidence.
 */
export type ItemStatus = 'done' | 'missing' | 'manual';

export interface ChecklistItem {
  id: string;
  section: ReadinessSection;
  text: string;
  status: ItemStatus;
  /** What agentship saw (for done and missing), or what a person should check (manual). */
  evidence: string;
}

export const SECTIONS = ['Agent configuration', 'Quality assurance', 'Operations', 'Security', 'Documentation', 'Approval'] as const;
export type ReadinessSection = (typeof SECTIONS)[number];

export interface ReadinessReport {
  version: 1;
  kind: 'agentship-readiness';
  environment: string;
  items: ChecklistItem[];
  summary: { done: number; missing: number; manual: number };
}

export interface ReadinessOptions {
  configPath?: string;
  /** Dry-run results JSON (default: dry-run.results in agentship.yaml, if the file exists). */
  dryRunResults?: string;
  /** A ledger.jsonl (a directory deploy target); default: the git ref refs/agentship/ledger of the repository, if any. */
  ledger?: string;
  /** Minimum dry-run pass rate (0..1) for the item to be ticked (default 1: every case passes, or what the suites' thresholds say). */
  minPassRate?: number;
  /** Required headroom of the monthly budget over the projection (default 0.2: 20%). */
  budgetBuffer?: number;
}

/** Words in a CI file that show a step scans for secrets. */
const SECRET_SCANNERS = /agentship(?:\/[\w-]+)*\/(?:validate|secrets)@|agentship\s+(?:validate|secrets)\b|gitleaks|trufflehog|secretlint|detect-secrets|ggshield/i;
const MONITORING_STEP = /agentship(?:\/[\w-]+)*\/report@|agentship\s+report\b/i;

export async function buildReadiness(
  rootArg: string,
  environment: string,
  options: ReadinessOptions = {},
): Promise<ReadinessReport> {
  const root = resolve(rootArg);
  const buffer = options.budgetBuffer ?? 0.2;
  const items: ChecklistItem[] = [];
  const add = (section: ReadinessSection, id: string, text: string, status: ItemStatus, evidence: string) => items.push({ id, section, text, status, evidence });
  const manual = (section: ReadinessSection, id: string, text: string, evidence: string) => add(section, id, text, 'manual', evidence);

  // Agent configuration
  const result = validate(root, { configPath: options.configPath });
  const ws = result.workspace;
  const s = result.summary;
  add('Agent configuration', 'validation-clean', 'Agent configuration validates without errors', s.errors === 0 ? 'done' : 'missing', `agentship validate: ${s.errors} errors, ${s.warnings} warnings in ${s.files} files`);
  const { environments } = readEnvironmentCosts(ws);
  const env = environments.find((e) => e.name === environment);
  const agents = listAgents(ws);
  if (!env) {
    add('Agent configuration', 'environment-files', `environments/${environment}/ has a budget and model files`, 'missing', `no environments/${environment}/budget-limits.yaml or model-overrides.yaml`);
  } else {
    const withoutModel = agents.filter((a) => !env.agentModels[a.name] && !env.defaultModel).map((a) => a.name);
    add('Agent configuration', 'models-set', `Every agent has a model in ${environment}`, withoutModel.length ? 'missing' : 'done', withoutModel.length ? `no model for ${withoutModel.join(', ')} (model-overrides.yaml)` : env.defaultModel ? `default-model ${env.defaultModel}${Object.keys(env.agentModels).length ? `, ${Object.keys(env.agentModels).length} agent overrides` : ''}` : 'a model per agent');
    const projected = await projectCosts(root, { workspace: ws, configPath: options.configPath });
    const projection = projected.projection.environments.find((e) => e.name === environment);
    if (env.budgetUsd === undefined) add('Agent configuration', 'budget-buffer', `A monthly budget with a ${buffer * 100}% buffer over the projected cost`, 'missing', `monthly-budget-usd is not set in environments/${environment}/budget-limits.yaml`);
    else if (!projection) add('Agent configuration', 'budget-buffer', `A monthly budget with a ${buffer * 100}% buffer over the projected cost`, 'missing', 'no cost projection (no workload in budget-limits.yaml)');
    else {
      const needed = projection.highUsd * (1 + buffer);
      const headroom = projection.highUsd > 0 ? (env.budgetUsd / projection.highUsd - 1) * 100 : Infinity;
      add('Agent configuration', 'budget-buffer', `A monthly budget with a ${buffer * 100}% buffer over the projected cost`, env.budgetUsd >= needed ? 'done' : 'missing', `budget $${env.budgetUsd.toFixed(2)}, projected $${projection.highUsd.toFixed(2)} a month (upper estimate): ${Number.isFinite(headroom) ? `${headroom.toFixed(0)}% headroom` : 'nothing projected'}; alert levels ${env.alertLevels.join('/')}%`);
    }
  }

  // Quality assurance
  const settings = dryRunSettings(ws.config);
  const suiteFiles = ws.allPaths.filter((p) => /(^|\/)evals\/[^/]+\.ya?ml$/.test(p) || /\.(suite|eval)\.ya?ml$/.test(p));
  add('Quality assurance', 'test-suites', 'Test suites cover the agents', suiteFiles.length ? 'done' : 'missing', suiteFiles.length ? `${suiteFiles.length} suite files (${suiteFiles.slice(0, 3).join(', ')}${suiteFiles.length > 3 ? ', …' : ''})` : 'no evals/*.yaml suite files');
  const cassettes = countFiles(join(root, settings.cassettes));
  add('Quality assurance', 'cassettes', 'Recorded model responses (cassettes) for replay', cassettes ? 'done' : 'missing', cassettes ? `${cassettes} files in ${settings.cassettes}` : `${settings.cassettes} is empty or missing (agentship dry-run --mode record)`);
  const golden = settings.baseline && existsSync(join(root, settings.baseline)) ? settings.baseline : ws.allPaths.find((p) => /(^|\/)golden(\/|\.)/.test(p));
  add('Quality assurance', 'golden-set', 'A golden set (reference results) to compare outputs with', golden ? 'done' : 'missing', golden ? `found ${golden}` : 'no dry-run.baseline file and no golden/ folder');
  const resultsPath = options.dryRunResults ? resolve(options.dryRunResults) : join(root, settings.results);
  const dry = readDryRun(resultsPath);
  const minRate = options.minPassRate;
  if (!dry) add('Quality assurance', 'dry-run-pass', 'The dry run passes', 'missing', `no dry-run results at ${options.dryRunResults ?? settings.results} (agentship dry-run --results <file>)`);
  else {
    const ok = minRate === undefined ? dry.pass : dry.passRate >= minRate;
    add('Quality assurance', 'dry-run-pass', 'The dry run passes', ok ? 'done' : 'missing', `${dry.passed}/${dry.cases} cases passed (${(dry.passRate * 100).toFixed(1)}%)${minRate === undefined ? `, run ${dry.pass ? 'passed' : 'failed'}` : `, required ${(minRate * 100).toFixed(0)}%`}${dry.startedAt ? ` on ${dry.startedAt}` : ''}`);
  }
  manual('Quality assurance', 'human-review', 'A person reviewed outputs on staging against the golden set', 'first deployment: read a sample of staging outputs');

  // Operations
  const ledger = readLedger(root, options.ledger);
  if (ledger.problem) add('Operations', 'rollback-tested', 'Rollback tested', 'missing', ledger.problem);
  else {
    const rollback = [...ledger.entries].reverse().find((e) => e.action === 'rollback' && (e.environment === environment || e.environment !== 'production'));
    add('Operations', 'rollback-tested', 'Rollback tested', rollback ? 'done' : 'missing', rollback ? `ledger entry ${rollback.seq}: rollback of ${rollback.environment} to ${rollback.version} on ${rollback.time} (${ledger.source})` : `no rollback in the ledger (${ledger.source}); rehearse one on staging: agentship rollback`);
    const staged = ledger.entries.find((e) => e.environment === 'staging' && e.action === 'promote');
    if (environment !== 'staging') add('Operations', 'staged', 'Promoted on staging first', staged ? 'done' : 'missing', staged ? `ledger entry ${staged.seq}: ${staged.version} promoted on staging on ${staged.time}` : `no promotion on staging in the ledger (${ledger.source})`);
  }
  const ci = ciFiles(root);
  const monitoring = monitoringConfig(ws.config);
  const monitoringFile = ci.find((f) => MONITORING_STEP.test(f.text));
  add('Operations', 'monitoring', 'Monitoring runs on a schedule (agentship report)', monitoringFile ? 'done' : 'missing', monitoringFile ? `${monitoringFile.path} runs agentship report${/schedule:|cron/.test(monitoringFile.text) ? ' on a schedule' : ''}` : 'no CI file runs agentship report (actions/report or the CLI)');
  const alertVars = [monitoring.alerts.slackUrlEnv, monitoring.alerts.pagerdutyRoutingKeyEnv, monitoring.alerts.webhookUrlEnv];
  const alertFile = ci.find((f) => alertVars.some((v) => f.text.includes(v)) || /slack-webhook-url|pagerduty-routing-key|webhook-url/.test(f.text));
  add('Operations', 'alerts', 'Alerts reach a person (Slack, PagerDuty or a webhook)', alertFile ? 'done' : 'missing', alertFile ? `${alertFile.path} passes an alert destination` : `no CI file passes ${alertVars.join(', ')}`);
  manual('Operations', 'on-call', 'An owner and an escalation path are named for the agents', 'who answers an alert, and who can approve a rollback');

  // Security
  const secretsOff = isOff(ws.config.rules, 'secret');
  const scanFile = ci.find((f) => SECRET_SCANNERS.test(f.text));
  add('Security', 'secret-scanning', 'Secret scanning runs in CI', scanFile && !secretsOff ? 'done' : 'missing', secretsOff ? 'the secret rules are turned off in agentship.yaml' : scanFile ? `${scanFile.path} scans for secrets` : 'no CI file runs agentship validate/secrets or another secret scanner');
  const secretFindings = result.findings.filter((f) => f.ruleId.startsWith('secret/')).length;
  add('Security', 'no-secrets', 'No secrets in the agent configuration', secretFindings ? 'missing' : secretsOff ? 'missing' : 'done', secretsOff ? 'not checked: the secret rules are off' : `${secretFindings} secret findings`);
  const accessErrors = result.findings.filter((f) => f.severity === 'error' && /^(permissions|mcp|roles)\//.test(f.ruleId)).length;
  add('Security', 'permissions', 'Permissions, MCP servers and roles have no errors', accessErrors ? 'missing' : 'done', `${accessErrors} permission, MCP or role errors`);
  manual('Security', 'credentials', `Credentials for ${environment} are least-privilege and stored as CI secrets`, 'API keys, tokens and webhook URLs of this environment');

  // Documentation
  const undocumented = agents.filter((a) => !ws.instructions.some((i) => dirOf(i.file.path) === a.path || (a.path === '' && !i.file.path.includes('/'))));
  add('Documentation', 'instructions', 'Every agent has its instruction file (AGENTS.md or CLAUDE.md)', agents.length && !undocumented.length ? 'done' : 'missing', agents.length ? (undocumented.length ? `no instruction file for ${undocumented.map((a) => a.name).join(', ')}` : `${agents.length} agents: ${agents.map((a) => a.name).join(', ')}`) : 'no agents found');
  const changelog = ['CHANGELOG.md', 'CHANGES.md', 'HISTORY.md'].find((n) => existsSync(join(root, n)));
  add('Documentation', 'changelog', 'A changelog says what changed in this release', changelog ? 'done' : 'missing', changelog ? `${changelog} present` : 'no CHANGELOG.md');
  manual('Documentation', 'user-docs', 'Users know what the agents do and how to report a problem', 'a README or help page for the people the agents serve');

  // Approval
  manual('Approval', 'owner', 'The product owner approved the launch', 'name and date');
  manual('Approval', 'security', 'Security review approved', 'name and date');
  manual('Approval', 'budget-owner', 'The budget owner approved the monthly budget', env?.budgetUsd !== undefined ? `$${env.budgetUsd.toFixed(2)} a month` : 'no budget set yet');

  const summary = { done: 0, missing: 0, manual: 0 };
  for (const item of items) summary[item.status]++;
  return { version: 1, kind: 'agentship-readiness', environment, items, summary };
}

/** Markdown for a pull request or an issue: a task list, ticked where agentship has evidence. */
export function renderReadinessMarkdown(report: ReadinessReport): string {
  const { done, missing, manual } = report.summary;
  const lines = [`## Production readiness: ${report.environment}`, '', `**${done} of ${report.items.length} items have evidence; ${missing} need work; ${manual} are for a person to tick.**`, ''];
  for (const section of SECTIONS) {
    const items = report.items.filter((i) => i.section === section);
    if (!items.length) continue;
    lines.push(`### ${section}`, '');
    for (const i of items) {
      const mark = i.status === 'done' ? '[x]' : '[ ]';
      const tag = i.status === 'missing' ? ' **(missing)**' : i.status === 'manual' ? ' *(for a person)*' : '';
      lines.push(`- ${mark} ${i.text}${tag}: ${i.evidence}`);
    }
    lines.push('');
  }
  lines.push('<sub>Ticked items were checked by agentship readiness from the repository; see docs/readiness.md for the evidence behind each.</sub>', '');
  return lines.join('\n');
}

interface DryRunEvidence {
  cases: number;
  passed: number;
  passRate: number;
  pass: boolean;
  startedAt?: string;
}

function readDryRun(path: string): DryRunEvidence | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8'));
    const t = value?.totals;
    if (typeof t?.cases !== 'number' || typeof t?.passed !== 'number') return undefined;
    return { cases: t.cases, passed: t.passed, passRate: typeof t.passRate === 'number' ? t.passRate : t.cases ? t.passed / t.cases : 0, pass: value.pass === true, startedAt: value.startedAt };
  } catch {
    return undefined;
  }
}

/** The deploy ledger: a file given, else refs/agentship/ledger in the repository (deploy --target git). Verified: an edited ledger is no evidence. */
function readLedger(root: string, file?: string): { entries: LedgerEntry[]; source: string; problem?: string } {
  let text: string | undefined;
  let source: string;
  if (file) {
    source = file;
    if (!existsSync(resolve(file))) return { entries: [], source, problem: `no ledger at ${file}` };
    text = readFileSync(resolve(file), 'utf8');
  } else {
    source = 'git refs/agentship/ledger';
    const shown = spawnSync('git', ['show', 'refs/agentship/ledger:ledger.jsonl'], { cwd: root, encoding: 'utf8' });
    if (shown.status !== 0) return { entries: [], source, problem: 'no deploy ledger (refs/agentship/ledger, or --ledger <file> for a directory target): nothing was deployed with agentship yet' };
    text = shown.stdout;
  }
  const verified = verifyLedger(text);
  if (!verified.ok) return { entries: [], source, problem: `the ledger (${source}) fails verification at line ${verified.problems[0].line}: ${verified.problems[0].message}` };
  return { entries: verified.entries, source };
}

/** GitHub workflows and GitLab CI files, as text. */
function ciFiles(root: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const dir = join(root, '.github/workflows');
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) if (/\.ya?ml$/.test(name)) out.push({ path: `.github/workflows/${name}`, text: readFileSync(join(dir, name), 'utf8') });
  }
  for (const name of ['.gitlab-ci.yml', '.gitlab-ci.yaml']) if (existsSync(join(root, name))) out.push({ path: name, text: readFileSync(join(root, name), 'utf8') });
  return out;
}

function countFiles(dir: string): number {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return 0;
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return n;
}

function isOff(rules: Record<string, string>, family: string): boolean {
  return rules[family] === 'off';
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
