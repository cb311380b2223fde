import { COMMENT_BEHAVIORS, formatPercent, formatSignedUsd, formatUsd, headline, type CostReport } from '@agentship/core/cost';
import { localPlatform } from '@agentship/platform/local';
import { runCostStage } from '@agentship/platform/stages';
import { emit, formatOptions, gateExit, oneOf, UsageError, type Command } from '../io.js';

const COST_FORMATS = ['markdown', 'json', 'text'] as const;

export const costCommand: Command = {
  name: 'cost',
  summary: 'Stage 4: project monthly cost per environment, agent and model; diff against a base; budget gate.',
  usage: `Usage: agentship cost [dir] [options]

Projects what a month of the agents' work costs in each environment, from
environments/<env>/budget-limits.yaml (workload, budget, alert levels) and model-overrides.yaml,
with prices from @pydantic/genai-prices (offline) and an optional override file. With --base,
projects the base too and reports the difference. Exits 1 when a projection newly crosses
--fail-at percent of an environment's budget (and no approval was found).

Options:
  -f, --format <fmt>        markdown, json or text (default: text)
  -o, --output <file>       write the report to a file instead of stdout
  -c, --config <file>       agentship.yaml to use (default: <dir>/agentship.yaml if present)
      --env <name>          only this environment (repeatable; default: every environment)
      --base <ref>          a git ref (branch, tag, sha) to compare with, read from the repository of dir
      --base-results <file> a report of an earlier run (--format json) to compare with instead
      --prices <file>       price override file (YAML or JSON; default: cost.prices in agentship.yaml)
      --dry-run-results <file>  usage measured by agentship dry-run (--format json)
      --fail-at <percent>   budget percentage whose new crossing fails (default: cost.fail-at or 100)
      --comment             post or update the merge/pull request comment (GitLab MR pipelines,
                            GitHub pull requests); token from AGENTSHIP_TOKEN, GITLAB_TOKEN or GITHUB_TOKEN
      --behavior <b>        comment behaviour: ${COMMENT_BEHAVIORS.join(', ')} (default: update)
      --approval-label <l>  a label that approves a blocked change (default: cost-approved)
      --approval-team <t>   approvals from members of this team (GitHub org/team) or group (GitLab) pass the gate
      --summary-file <f>    also append the markdown report to this file
  -h, --help                show this help

Exit codes: 0 passed, 1 a budget is newly crossed without approval or an input has an error
(no model, no price), 2 usage or configuration error.
`,
  options: {
    ...formatOptions,
    config: { type: 'string', short: 'c' },
    env: { type: 'string', multiple: true },
    base: { type: 'string' },
    'base-results': { type: 'string' },
    prices: { type: 'string' },
    'dry-run-results': { type: 'string' },
    'fail-at': { type: 'string' },
    comment: { type: 'boolean' },
    behavior: { type: 'string' },
    'approval-label': { type: 'string' },
    'approval-team': { type: 'string' },
    'summary-file': { type: 'string' },
  },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, COST_FORMATS, '--format') ?? 'text';
    oneOf(values.behavior, COMMENT_BEHAVIORS, '--behavior');
    if (positionals.length > 1) throw new UsageError(`cost takes one folder (got ${positionals.length}).`);
    if (values.base && values['base-results']) throw new UsageError('--base and --base-results are alternatives: give one.');
    const failAt = values['fail-at'] === undefined ? undefined : Number(values['fail-at']);
    if (failAt !== undefined && !(Number.isFinite(failAt) && failAt > 0)) throw new UsageError(`--fail-at must be a percentage above 0 (got "${values['fail-at']}").`);
    const platform = localPlatform({ summaryFile: values['summary-file'] as string | undefined, log: (line) => io.stderr(line + '\n') });
    const result = await runCostStage(platform, {
      workspace: io.cwd,
      path: positionals[0] ?? '.',
      config: values.config as string | undefined,
      environments: values.env as string[] | undefined,
      baseRef: values.base as string | undefined,
      baseResults: values['base-results'] as string | undefined,
      prices: values.prices as string | undefined,
      dryRunResults: values['dry-run-results'] as string | undefined,
      failAt,
      comment: Boolean(values.comment),
      behavior: values.behavior as string | undefined,
      approvalLabel: values['approval-label'] as string | undefined,
      approvalTeam: values['approval-team'] as string | undefined,
      token: io.env.AGENTSHIP_TOKEN || io.env.GITLAB_TOKEN || io.env.GITHUB_TOKEN || undefined,
      env: io.env,
    });
    const text = format === 'json' ? JSON.stringify(result.report, null, 2) + '\n' : format === 'markdown' ? result.markdown : formatText(result.report);
    emit(io, text, values.output as string | undefined);
    return gateExit(io, result.failure);
  },
};

function formatText(report: CostReport): string {
  const d = report.diff;
  const lines = [headline(d), ''];
  for (const e of d.environments) {
    const budget = e.budgetUsd ? `  ${Math.round(e.percentOfBudget ?? 0)}% of ${formatUsd(e.budgetUsd)}` : '';
    const change = d.hasBase ? `  ${formatSignedUsd(e.diffUsd)}${e.diffPercent === undefined ? '' : ` (${formatPercent(e.diffPercent)})`}` : '';
    lines.push(`${e.name}: ${formatUsd(e.headUsd)} a month${change}${budget}${e.blocking ? '  BLOCKING' : ''}`);
    for (const a of e.agents) {
      const h = a.head;
      lines.push(`  ${a.agent.padEnd(20)} ${(a.headModel ?? 'no model').padEnd(22)} ${formatUsd(a.headUsd ?? 0).padStart(10)}${h?.estimate ? `  (${formatUsd(h.lowUsd)}-${formatUsd(h.highUsd)})` : ''}${d.hasBase ? `  ${formatSignedUsd(a.diffUsd)}` : ''}`);
    }
  }
  for (const a of d.anomalies) lines.push(`anomaly: ${a.environment}/${a.agent}: ${a.message}`);
  for (const p of report.head.problems) lines.push(`${p.severity}: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message} [${p.ruleId}]`);
  return lines.join('\n') + '\n';
}
