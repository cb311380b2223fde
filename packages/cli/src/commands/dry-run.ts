import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  formatComparisonMarkdown,
  formatResultsJunit,
  formatResultsMarkdown,
  formatResultsText,
  parseShard,
  PROXY_MODES,
} from '@agentship/core/dryrun';
import { localPlatform } from '@agentship/platform';
import { runDryRunStage } from '@agentship/platform/stages';
import { emit, EXIT, formatOptions, oneOf, UsageError, type Command } from '../io.js';

const FORMATS = ['text', 'json', 'junit', 'markdown'] as const;

export const dryRunCommand: Command = {
  name: 'dry-run',
  summary: 'Stages 2-3: run the test suites against the agents through the model proxy (replay: no network, no cost).',
  usage: `Usage: agentship dry-run [dir] [options]

Runs every test case of the suites (agentship.yaml dry-run.suites, default evals/**/*.yaml) against
its agent. Each case starts the agent's command (agents.<name>.command) with OPENAI_BASE_URL and
ANTHROPIC_BASE_URL pointing at a model proxy on 127.0.0.1, or makes one model call with the
agent's instructions and skill index (runner: prompt). In replay mode every call is answered from
the cassettes (dry-run.cassettes, default evals/cassettes): no network, no cost.

Options:
  -f, --format <fmt>          text, json (the results JSON), junit or markdown (default: text)
  -o, --output <file>         write the report to a file instead of stdout
  -c, --config <file>         agentship.yaml to use (default: <dir>/agentship.yaml)
      --mode <mode>           replay (default), record (call the provider, save cassettes) or
                              live (call the provider, save nothing); record and live read
                              OPENAI_API_KEY / ANTHROPIC_API_KEY and never store them
      --max-tokens <n>        hard cap on tokens in record/live mode; calls past it are refused
      --max-cost-usd <usd>    hard cap on money in record/live mode
      --prices <file>         price override file (YAML or JSON; default: cost.prices in
                              agentship.yaml), for the reported cost and --max-cost-usd
      --shard <i/n>           run only the cases of shard i of n (stable hash of the case id);
                              auto: GitLab's CI_NODE_INDEX/CI_NODE_TOTAL (parallel:)
      --tag <tag>             only cases with this tag (repeatable)
      --grep <text>           only cases whose id contains text
      --cassettes <dir>       cassette folder (relative to dir)
      --results <file>        also write the results JSON here
      --junit <file>          also write JUnit XML here (GitHub and GitLab test views)
      --baseline <file>       compare with a stored results JSON (default: dry-run.baseline;
                              previous: the last run's results); a regression fails the run
      --dotenv <file>         append PASS_RATE, TOKENS, COST, CASES, FAILED, REGRESSIONS
                              (GitLab artifacts:reports:dotenv)
      --usage-log <file>      append one usage record per model call (JSONL, the input of
                              agentship report; schemas/usage-record.schema.json)
      --usage-env <name>      the environment those records name (default: ci)
      --openai-upstream <url>     provider URL for record/live (default https://api.openai.com/v1)
      --anthropic-upstream <url>  provider URL for record/live (default https://api.anthropic.com)
      --concurrency <n>       cases run at the same time (default 2)
      --quiet                 no progress lines on stderr
  -h, --help                  show this help

Exit codes: 0 passed, 1 a case or suite failed or a regression, 2 usage or configuration error.
`,
  options: {
    ...formatOptions,
    config: { type: 'string', short: 'c' },
    mode: { type: 'string' },
    'max-tokens': { type: 'string' },
    'max-cost-usd': { type: 'string' },
    prices: { type: 'string' },
    shard: { type: 'string' },
    tag: { type: 'string', multiple: true },
    grep: { type: 'string' },
    cassettes: { type: 'string' },
    results: { type: 'string' },
    junit: { type: 'string' },
    baseline: { type: 'string' },
    dotenv: { type: 'string' },
    'usage-log': { type: 'string' },
    'usage-env': { type: 'string' },
    'openai-upstream': { type: 'string' },
    'anthropic-upstream': { type: 'string' },
    concurrency: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, FORMATS, '--format') ?? 'text';
    const mode = oneOf(values.mode, PROXY_MODES, '--mode');
    if (positionals.length > 1) throw new UsageError('give one folder.');
    const path = positionals[0] ?? '.';
    if (!existsSync(resolve(io.cwd, path))) {
      throw new UsageError(`No such folder: ${positionals[0]}`);
    }
    const shard = values.shard as string | undefined;
    if (shard && shard !== 'auto') {
      try {
        parseShard(shard);
      } catch (error) {
        throw new UsageError(`--shard: ${(error as Error).message}`);
      }
    }
    const log = (line: string) => io.stderr(line + '\n');
    const dotenv = values.dotenv as string | undefined;
    const platform = localPlatform({ dotenvFile: dotenv && resolve(io.cwd, dotenv), log });
    // --quiet drops progress and the closing line; warnings about broken suites still show.
    if (values.quiet) platform.info = () => undefined;
    const results = values.results as string | undefined;
    const { result, comparison, failure } = await runDryRunStage(platform, {
      workspace: io.cwd,
      path,
      config: values.config as string | undefined,
      mode,
      shard,
      tags: values.tag as string[] | undefined,
      grep: values.grep as string | undefined,
      cassetteDir: values.cassettes as string | undefined,
      baseline: values.baseline as string | undefined,
      resultsFile: results,
      writeResults: Boolean(results),
      junitFile: values.junit as string | undefined,
      usageLog: values['usage-log'] as string | undefined,
      usageEnvironment: values['usage-env'] as string | undefined,
      maxTokens: numberOption(values['max-tokens'], '--max-tokens'),
      maxCostUsd: numberOption(values['max-cost-usd'], '--max-cost-usd'),
      openaiUpstream: values['openai-upstream'] as string | undefined,
      anthropicUpstream: values['anthropic-upstream'] as string | undefined,
      prices: values.prices ? resolve(io.cwd, values.prices as string) : undefined,
      concurrency: numberOption(values.concurrency, '--concurrency'),
      env: io.env,
    });
    const report =
      format === 'json'
        ? JSON.stringify(comparison ? { ...result, comparison } : result, null, 2) + '\n'
        : format === 'junit'
          ? formatResultsJunit(result)
          : format === 'markdown'
            ? formatResultsMarkdown(result) + (comparison ? '\n' + formatComparisonMarkdown(comparison) : '')
            : formatResultsText(result) + (comparison ? '\n' + formatComparisonMarkdown(comparison) : '');
    emit(io, report, values.output as string | undefined);
    return failure ? EXIT.gateFailed : EXIT.passed;
  },
};

function numberOption(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a non-negative number (got ${JSON.stringify(value)}).`);
  return n;
}
