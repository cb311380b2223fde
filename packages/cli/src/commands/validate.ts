import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { FailOn } from '@agentship/core/findings';
import { PROFILES } from '@agentship/core/config';
import { REPORT_FORMATS, renderReport } from '@agentship/core/report';
import { runValidateStage } from '@agentship/platform/stages';
import {
  emit,
  EXIT,
  formatOptions,
  oneOf,
  reportPlatform,
  UsageError,
  type Command,
} from '../io.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Stage 1: check skills, instruction files, token budgets, MCP configs, permissions, roles and secrets.',
  usage: `Usage: agentship validate [dir | files...] [options]

Validates every agent configuration under dir (default: the current folder). Given files
instead of a folder (as pre-commit does), validates the repository in the current folder and
reports findings in those files only.

Options:
  -f, --format <fmt>        text, json, sarif, junit, codequality or markdown (default: text)
  -o, --output <file>       write the report to a file instead of stdout
  -c, --config <file>       agentship.yaml to use (default: <dir>/agentship.yaml if present)
      --profile <name>      validate every skill with this profile: ${PROFILES.join(', ')}
      --fail-on <level>     error (default), warning or never
      --baseline <file>     hide findings whose fingerprints are in this baseline file
      --write-baseline <file>  write every current finding to a baseline file and exit 0
      --all-files           scan every file for secrets, not just governed ones
      --no-color            plain text even on a terminal
  -h, --help                show this help

Exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage or configuration error.
`,
  options: {
    ...formatOptions,
    config: { type: 'string', short: 'c' },
    profile: { type: 'string' },
    'fail-on': { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    'all-files': { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, REPORT_FORMATS, '--format') ?? 'text';
    const failOn: FailOn = oneOf(values['fail-on'], ['error', 'warning', 'never'] as const, '--fail-on') ?? 'error';
    const profile = oneOf(values.profile, PROFILES, '--profile');
    const { root, onlyFiles } = target(io.cwd, positionals);
    const writeTo = values['write-baseline'] as string | undefined;
    // File options are relative to where the user stands, like --output and --write-baseline.
    const fromCwd = (value: unknown) => (typeof value === 'string' ? resolve(io.cwd, value) : undefined);
    const { result, failure } = await runValidateStage(reportPlatform(io), {
      workspace: io.cwd,
      path: root,
      config: fromCwd(values.config),
      profile,
      failOn,
      baseline: fromCwd(values.baseline),
      writeBaseline: writeTo,
      onlyFiles,
      allFiles: Boolean(values['all-files']),
    });
    if (writeTo) {
      io.stderr(`Wrote ${result.findings.length} finding fingerprints to ${writeTo}.\n`);
      return EXIT.passed;
    }
    const color = format === 'text' && io.isTTY && !values['no-color'] && !values.output && !io.env.NO_COLOR;
    emit(io, renderReport(format, result, { color }), values.output as string | undefined);
    return failure ? EXIT.gateFailed : EXIT.passed;
  },
};

/** A folder to validate, or files (pre-commit) inside the repository at the current folder. */
function target(cwd: string, positionals: string[]): { root: string; onlyFiles?: string[] } {
  if (positionals.length === 0) return { root: cwd };
  if (positionals.length === 1 && existsSync(resolve(cwd, positionals[0])) && statSync(resolve(cwd, positionals[0])).isDirectory()) {
    return { root: resolve(cwd, positionals[0]) };
  }
  const missing = positionals.filter((p) => !existsSync(resolve(cwd, p)));
  if (missing.length === positionals.length) throw new UsageError(`No such file or folder: ${missing.join(', ')}`);
  return { root: cwd, onlyFiles: positionals.map((p) => relative(cwd, resolve(cwd, p)).split('\\').join('/')) };
}
