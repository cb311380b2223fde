import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareFindings, fingerprint, ruleDocsUrl, summarize } from '../findings/index.js';
import type { Finding, Summary } from '../findings/index.js';
import { configuredLevel, ConfigError } from '../config/index.js';
import { checkRuleLevels, INTERNAL_ERROR, levelFindings } from '../registry/index.js';
import { discover, type DiscoverOptions, type Workspace } from '../discover/index.js';
import { allRules, type Report, type Rule } from '../rules/index.js';
import { TokenCache } from '../tokens/index.js';
import { readSource } from '../files/index.js';
import { parseDirectives, type Directives } from './directives.js';
import { readBaseline } from './baseline.js';

export { writeBaseline, readBaseline } from './baseline.js';
export { parseDirectives } from './directives.js';

export interface ValidateOptions extends DiscoverOptions {
  /** Replaces the baseline named in agentship.yaml. */
  baselinePath?: string;
  /** Ignore any baseline (used to write a new one). */
  noBaseline?: boolean;
  /** Only report findings in these files (pre-commit passes the changed files). */
  onlyFiles?: string[];
  /** Options read by some rules (`allFiles` for the secret scanner). */
  ruleOptions?: Record<string, unknown>;
  /** The rule set; all rules by default. */
  rules?: Rule[];
}

export interface ValidateResult {
  version: 1;
  root: string;
  findings: Finding[];
  summary: Summary;
  /** Rules that ran, for SARIF's rule table. */
  rules: Array<Pick<Rule, 'id' | 'severity' | 'description'>>;
  workspace: Workspace;
  /** The token counts the rules made; the validate stage builds its token report from them. */
  tokens: TokenCache;
}

/** Stage 1: discover, run every enabled rule, apply levels, inline directives and the baseline. */
export function validate(rootArg: string, options: ValidateOptions = {}): ValidateResult {
  const workspace = discover(rootArg, options);
  const root = workspace.root;
  const config = workspace.config;
  const tokens = new TokenCache();
  const context = { workspace, tokens, options: options.ruleOptions ?? {} };
  checkRuleLevels(config, { extraIds: (options.rules ?? []).map((r) => r.id) });
  const rules = (options.rules ?? allRules).filter((r) => configuredLevel(config, r.id) !== 'off');

  const baselinePath = options.noBaseline ? undefined : (options.baselinePath ?? config.baseline);
  let baseline = new Set<string>();
  if (baselinePath) {
    const abs = resolve(root, baselinePath);
    if (!existsSync(abs)) {
      if (options.baselinePath) throw new ConfigError(`Baseline file not found: ${baselinePath}`);
    } else baseline = readBaseline(abs);
  }

  const directives = new Map<string, Directives | undefined>();
  const directivesOf = (path: string): Directives | undefined => {
    if (!directives.has(path)) {
      // A rule may report a file outside the governed set (the secret scanner's skill scripts and
      // --all-files); its inline directives count the same.
      const file = workspace.files.get(path) ?? (path === '.' ? undefined : readSource(root, join(root, path)).file);
      directives.set(path, file ? parseDirectives(file) : undefined);
    }
    return directives.get(path);
  };
  const only = options.onlyFiles ? new Set(options.onlyFiles.map((f) => f.replace(/\\/g, '/').replace(/^\.\//, ''))) : undefined;

  const findings: Finding[] = [];
  let suppressed = 0;
  let baselined = 0;
  for (const rule of rules) {
    let reports: Report[];
    try {
      reports = [...rule.check(context)];
    } catch (error) {
      // A rule bug must not hide every other finding: report it against the rule and go on. No
      // level reaches it: a crashed rule is a run that could not decide, never a quiet pass.
      findings.push({
        ruleId: INTERNAL_ERROR.id,
        severity: INTERNAL_ERROR.severity,
        message: `Rule ${rule.id} failed: ${(error as Error).message}. Please report this.`,
        file: '.',
        help: ruleDocsUrl(INTERNAL_ERROR.id),
      });
      continue;
    }
    const raw = reports.map((report): Finding => ({
      ruleId: rule.id,
      severity: report.severity ?? rule.severity,
      message: report.message,
      file: report.file,
      ...(report.line !== undefined ? { line: report.line } : {}),
      ...(report.column !== undefined ? { column: report.column } : {}),
      ...(report.endLine !== undefined ? { endLine: report.endLine } : {}),
    }));
    for (const finding of levelFindings(raw, config, { lenient: true })) {
      if (only && !only.has(finding.file)) continue;
      if (directivesOf(finding.file)?.suppresses(rule.id, finding.line)) {
        suppressed++;
        continue;
      }
      if (baseline.size && baseline.has(fingerprint(finding))) {
        baselined++;
        continue;
      }
      findings.push(finding);
    }
  }
  const unique = dedupe(findings.sort(compareFindings));
  return {
    version: 1,
    root,
    findings: unique,
    summary: summarize(unique, { files: workspace.files.size, suppressed, baselined }),
    rules: rules.map(({ id, severity, description }) => ({ id, severity, description })),
    workspace,
    tokens,
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.line ?? ''}\0${f.column ?? ''}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
