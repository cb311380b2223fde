import {
  formatResultsJunit,
  formatResultsMarkdown,
  formatResultsText,
} from '@agentship/core/dryrun';
import { localPlatform } from '@agentship/platform';
import { runMergeResultsStage } from '@agentship/platform/stages';
import { emit, EXIT, formatOptions, oneOf, UsageError, type Command } from '../io.js';

const FORMATS = ['text', 'json', 'junit', 'markdown'] as const;

export const mergeResultsCommand: Command = {
  name: 'merge-results',
  summary: 'Join the results JSON of dry-run shards (matrix or GitLab parallel:) into one report.',
  usage: `Usage: agentship merge-results <results.json>... [options]

Joins the results of \`agentship dry-run --shard i/n\` runs into one report: cases side by side,
suite pass rates and totals recomputed, budgets added. Every shard must be present and no case
may appear twice.

Options:
  -f, --format <fmt>    text, json (merged results JSON), junit or markdown (default: text)
  -o, --output <file>   write the report to a file instead of stdout
      --junit <file>    also write JUnit XML here
  -h, --help            show this help

Exit codes: 0 the merged run passed, 1 it failed, 2 usage error (a missing shard, a duplicate case).
`,
  options: { ...formatOptions, junit: { type: 'string' } },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, FORMATS, '--format') ?? 'text';
    if (positionals.length === 0) throw new UsageError('give the results files to merge.');
    const platform = localPlatform({ log: (line) => io.stderr(line + '\n') });
    const { merged, failure } = await runMergeResultsStage(platform, {
      workspace: io.cwd,
      files: positionals,
      junitFile: values.junit as string | undefined,
    });
    const report = format === 'json' ? JSON.stringify(merged, null, 2) + '\n' : format === 'junit' ? formatResultsJunit(merged) : format === 'markdown' ? formatResultsMarkdown(merged) : formatResultsText(merged);
    emit(io, report, values.output as string | undefined);
    return failure ? EXIT.gateFailed : EXIT.passed;
  },
};
