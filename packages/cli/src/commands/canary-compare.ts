import { localPlatform } from '@agentship/platform/local';
import { runCanaryCompareStage } from '@agentship/platform/stages';
import { emit, EXIT, oneOf, UsageError, type Command } from '../io.js';
import { targetInputs } from './deploy.js';
import { formatCanaryMarkdown } from '@agentship/core/canary';

export const canaryCompareCommand: Command = {
  name: 'canary-compare',
  summary: 'Stages 3, 5, 6: judge candidate results against the baseline: promote, inconclusive or rollback.',
  usage: `Usage: agentship canary-compare --baseline <file> --candidate <file> [options]

Inputs are dry-run results JSON or task-level JSONL from production, one object per task:
{"taskId", "configVersion", "success", "score", "latencyMs", "tokens", "costUsd", "error"}.
When both sides ran the same task set the tests are paired (exact McNemar for pass/fail,
Wilcoxon signed-rank for scores, latency, tokens, cost); otherwise (routed traffic) Mann-Whitney U
with the tie correction. Each metric has a direction, a tolerance, critical and must-have-data;
groups are scored as Kayenta does, and the score meets the thresholds: promote at pass or above,
inconclusive at marginal or above, rollback below. The agentship.yaml canary: section configures it.

Options:
      --baseline <file>        baseline results (required)
      --candidate <file>       candidate results (required; may be the same file as --baseline)
      --baseline-version <v>   keep only baseline records with this configVersion
      --candidate-version <v>  keep only candidate records with this configVersion
  -c, --config <file>          agentship.yaml or a canary config file (default: ./agentship.yaml)
      --mode <m>               auto (default), paired or unpaired
      --fail-on <verdict>      exit 1 at this verdict or worse: rollback (default), inconclusive, never
      --result-file <file>     also write the full result JSON here
      --record                 record the verdict in the ledger of --env (the rollback rules read it);
                               takes the target options of agentship deploy (--env, --target, --repo, ...)
      --env <name>             with --record: the environment
  -f, --format <fmt>           text (default), markdown or json
  -o, --output <file>          write the report to a file instead of stdout
  -h, --help                   show this help

Exit codes: 0 verdict better than --fail-on, 1 at or worse, 2 usage or configuration error.
`,
  options: {
    baseline: { type: 'string' },
    candidate: { type: 'string' },
    'baseline-version': { type: 'string' },
    'candidate-version': { type: 'string' },
    config: { type: 'string', short: 'c' },
    mode: { type: 'string' },
    'fail-on': { type: 'string' },
    'result-file': { type: 'string' },
    record: { type: 'boolean' },
    env: { type: 'string', short: 'e' },
    target: { type: 'string' },
    repo: { type: 'string' },
    remote: { type: 'string' },
    directory: { type: 'string' },
    trigger: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
  },
  async run({ positionals, values, io }) {
    if (positionals.length) throw new UsageError(`Unexpected arguments: ${positionals.join(' ')} (use --baseline and --candidate).`);
    if (!values.baseline || !values.candidate) throw new UsageError('--baseline and --candidate are required.');
    const format = oneOf(values.format, ['text', 'markdown', 'json'] as const, '--format') ?? 'text';
    if (values.record && !values.env) throw new UsageError('--record needs --env <name>.');
    const { result, failed } = await runCanaryCompareStage(localPlatform({ log: (l) => io.stderr(l + '\n') }), {
      cwd: io.cwd,
      baseline: values.baseline as string,
      candidate: values.candidate as string,
      baselineVersion: values['baseline-version'] as string | undefined,
      candidateVersion: values['candidate-version'] as string | undefined,
      config: values.config as string | undefined,
      mode: oneOf(values.mode, ['auto', 'paired', 'unpaired'] as const, '--mode'),
      resultFile: values['result-file'] as string | undefined,
      failOn: oneOf(values['fail-on'], ['rollback', 'inconclusive', 'never'] as const, '--fail-on') ?? 'rollback',
      record: values.record ? { environment: values.env as string, targets: targetInputs(values, io, '.'), trigger: (values.trigger as string | undefined) ?? 'canary-compare' } : undefined,
    });
    let text: string;
    if (format === 'json') text = JSON.stringify({ version: 1, ...result }, null, 2) + '\n';
    else if (format === 'markdown') text = formatCanaryMarkdown(result);
    else {
      const lines = [`canary-compare: ${result.verdict.toUpperCase()} (score ${result.score}; pass ${result.thresholds.pass}, marginal ${result.thresholds.marginal})`, result.reason, `${result.paired ? `paired on ${result.tasks.paired} tasks` : `unpaired: ${result.tasks.baseline} baseline, ${result.tasks.candidate} candidate tasks`}`, ''];
      for (const m of result.metrics) lines.push(`  ${m.name.padEnd(8)} ${(m.classification + (m.critical ? '!' : '')).padEnd(12)} ${m.test.padEnd(21)} ${m.reason}`);
      text = lines.join('\n') + '\n';
    }
    emit(io, text, values.output as string | undefined);
    return failed ? EXIT.gateFailed : EXIT.passed;
  },
};
