import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  formatResultsJunit,
  formatResultsMarkdown,
  mergeResults,
  readResults,
  type RunResult,
} from '@agentship/core/dryrun';
import type { Platform } from '../types.js';

export interface MergeResultsStageInputs {
  workspace: string;
  /** The results JSON of every shard, relative to the workspace. */
  files: string[];
  /** Also write the merged results JSON here. */
  resultsFile?: string;
  junitFile?: string;
}

export interface MergeResultsStageResult {
  merged: RunResult;
  failure?: string;
}

/**
 * Joins the results of dry-run shards (a matrix or GitLab `parallel:`) into one run; a missing
 * shard or a case in two shards is a configuration error, never a partial pass.
 */
export async function runMergeResultsStage(
  platform: Platform,
  inputs: MergeResultsStageInputs,
): Promise<MergeResultsStageResult> {
  const parts = inputs.files.map((file) => readResults(resolve(inputs.workspace, file), file));
  const merged = mergeResults(parts);
  if (inputs.resultsFile) {
    write(resolve(inputs.workspace, inputs.resultsFile), JSON.stringify(merged, null, 2) + '\n');
    platform.setOutput('results-file', inputs.resultsFile);
  }
  if (inputs.junitFile) {
    write(resolve(inputs.workspace, inputs.junitFile), formatResultsJunit(merged));
    platform.setOutput('junit-file', inputs.junitFile);
  }
  await platform.writeSummary(formatResultsMarkdown(merged));
  const t = merged.totals;
  platform.setOutput('pass-rate', t.passRate);
  platform.setOutput('cases', t.cases);
  platform.setOutput('failed', t.failed);
  const failure = merged.pass
    ? undefined
    : `agentship merge-results: ${t.failed} of ${t.cases} cases failed.`;
  return { merged, failure };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
