import * as core from '@actions/core';
import type { Finding, Severity } from '@agentship/core/findings';
import type { Platform } from '../types.js';

/** The runner shows at most 10 annotations of each type per step (actions/toolkit docs/problem-matchers.md). */
export const ANNOTATIONS_PER_TYPE = 10;

/** One error slot stays free for the step's own failure message (core.setFailed). */
const LIMIT: Record<Severity, number> = { error: ANNOTATIONS_PER_TYPE - 1, warning: ANNOTATIONS_PER_TYPE, note: ANNOTATIONS_PER_TYPE };

const annotateWith: Record<Severity, typeof core.error> = { error: core.error, warning: core.warning, note: core.notice };

/** Runs inside a GitHub Actions job, through @actions/core's workflow commands and files. */
export function githubPlatform(): Platform {
  return {
    name: 'github',
    annotate(findings) {
      const shown: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
      const rest: Finding[] = [];
      for (const f of findings) {
        if (shown[f.severity] >= LIMIT[f.severity]) {
          rest.push(f);
          continue;
        }
        shown[f.severity]++;
        annotateWith[f.severity](f.message, {
          title: f.ruleId,
          file: f.file === '.' ? undefined : f.file,
          startLine: f.line,
          endLine: f.endLine,
          startColumn: f.line !== undefined && (f.endLine === undefined || f.endLine === f.line) ? f.column : undefined,
        });
      }
      return rest;
    },
    async writeSummary(markdown) {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setOutput: (name, value) => core.setOutput(name, String(value)),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
  };
}
