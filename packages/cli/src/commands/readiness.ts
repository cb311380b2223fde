import { localPlatform } from '@agentship/platform/local';
import { runReadinessStage } from '@agentship/platform/stages';
import { emit, EXIT, formatOptions, oneOf, UsageError, type Command } from '../io.js';

const READINESS_FORMATS = ['markdown', 'json'] as const;

export const readinessCommand: Command = {
  name: 'readiness',
  summary: 'The production readiness checklist of an environment, ticked from evidence, as markdown for a PR or issue.',
  usage: `Usage: agentship readiness [dir] [--env production] [options]

Builds the pre-launch checklist (agent configuration, quality assurance, operations, security,
documentation, approval) for an environment. Items with evidence in the repository are ticked:
validation clean, a budget with a 20% buffer over the cost projection, test suites, cassettes and
a golden set, the dry-run results, a rollback in the deploy ledger, secret scanning and monitoring
in CI. The rest is left for a person.

Options:
      --env <name>            the environment (default: production)
  -f, --format <fmt>          markdown or json (default: markdown)
  -o, --output <file>         write the checklist to a file instead of stdout
  -c, --config <file>         agentship.yaml to use (default: <dir>/agentship.yaml if present)
      --dry-run-results <f>   dry-run results JSON (default: dry-run.results in agentship.yaml)
      --ledger <file>         the deploy ledger.jsonl of a directory target (default: the git ref
                              refs/agentship/ledger of the repository)
      --min-pass-rate <pct>   dry-run pass rate to tick the item (default: the run's own verdict)
      --budget-buffer <pct>   headroom of the budget over the projection (default: 20)
      --fail-on-missing       exit 1 when an item with evidence to check is missing
      --summary-file <f>      also append the markdown to this file
  -h, --help                  show this help

Exit codes: 0 written, 1 items missing (with --fail-on-missing), 2 usage or configuration error.
`,
  options: {
    ...formatOptions,
    env: { type: 'string' },
    config: { type: 'string', short: 'c' },
    'dry-run-results': { type: 'string' },
    ledger: { type: 'string' },
    'min-pass-rate': { type: 'string' },
    'budget-buffer': { type: 'string' },
    'fail-on-missing': { type: 'boolean' },
    'summary-file': { type: 'string' },
  },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, READINESS_FORMATS, '--format') ?? 'markdown';
    if (positionals.length > 1) throw new UsageError(`readiness takes one folder (got ${positionals.length}).`);
    const percent = (flag: string) => {
      const raw = values[flag];
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} must be a percentage, 0 or more (got "${raw}").`);
      return n;
    };
    const platform = localPlatform({ summaryFile: values['summary-file'] as string | undefined, log: (line) => io.stderr(line + '\n') });
    const { report, markdown } = await runReadinessStage(platform, {
      workspace: io.cwd,
      path: positionals[0] ?? '.',
      environment: (values.env as string | undefined) ?? 'production',
      config: values.config as string | undefined,
      dryRunResults: values['dry-run-results'] as string | undefined,
      ledger: values.ledger as string | undefined,
      minPassRate: percent('min-pass-rate'),
      budgetBufferPercent: percent('budget-buffer'),
    });
    emit(io, format === 'json' ? JSON.stringify(report, null, 2) + '\n' : markdown, values.output as string | undefined);
    return values['fail-on-missing'] && report.summary.missing > 0 ? EXIT.gateFailed : EXIT.passed;
  },
};
