import { REPORT_FORMATS, renderReport } from '@agentship/core/report';
import type { FailOn } from '@agentship/core/findings';
import { formatGitleaks } from '@agentship/core/secrets';
import { runValidateStage } from '@agentship/platform/stages';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  emit,
  EXIT,
  formatOptions,
  oneOf,
  reportPlatform,
  UsageError,
  type Command,
} from '../io.js';

const FORMATS = [...REPORT_FORMATS, 'gitleaks'] as const;

export const secretsCommand: Command = {
  name: 'secrets',
  summary: 'Scan for secrets only (the secret/ rules of validate), in governed files or every tracked file.',
  usage: `Usage: agentship secrets [dir] [options]

Runs only the secret/ rules of \`agentship validate\` on dir (default: the current folder):
provider tokens (AWS, GitHub, GitLab, Slack, OpenAI, Anthropic, Google, Azure, Stripe, Twilio,
SendGrid, npm, PyPI, Hugging Face, JWT), private keys, database URLs with a password, and
high-entropy values assigned to names like *_KEY, *_TOKEN, *_SECRET or PASSWORD. No report
shows a secret: each finding names the kind, a redacted prefix and a fingerprint.

Scanned by default: governed files, every file in a skill folder, and .env.<env> files.
Silence a line with \`agentship:allow\`; accept known findings with a baseline.

Options:
  -f, --format <fmt>        text, json, sarif, junit, codequality, markdown or gitleaks
                            (gitleaks' JSON report shape, secrets shown as REDACTED; default: text)
  -o, --output <file>       write the report to a file instead of stdout
  -c, --config <file>       agentship.yaml to use (default: <dir>/agentship.yaml if present)
      --all-files           scan every file git tracks (every file under dir outside a git repository)
      --fail-on <level>     error (default), warning or never
      --baseline <file>     hide findings whose fingerprints are in this baseline file
      --write-baseline <file>  write every current finding to a baseline file and exit 0
      --no-color            plain text even on a terminal
  -h, --help                show this help

Exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage or configuration error.
`,
  options: {
    ...formatOptions,
    config: { type: 'string', short: 'c' },
    'all-files': { type: 'boolean' },
    'fail-on': { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    'no-color': { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, FORMATS, '--format') ?? 'text';
    const failOn: FailOn = oneOf(values['fail-on'], ['error', 'warning', 'never'] as const, '--fail-on') ?? 'error';
    if (positionals.length > 1) throw new UsageError(`Give one folder (got ${positionals.length} arguments).`);
    const root = resolve(io.cwd, positionals[0] ?? '.');
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`No such folder: ${positionals[0]}`);
    const writeTo = values['write-baseline'] as string | undefined;
    const started = Date.now();
    // Unlike validate's, these file options are relative to the scanned folder.
    const fromRoot = (value: unknown) =>
      typeof value === 'string' ? resolve(root, value) : undefined;
    const { result, failure } = await runValidateStage(reportPlatform(io), {
      workspace: io.cwd,
      path: root,
      config: fromRoot(values.config),
      failOn,
      baseline: fromRoot(values.baseline),
      writeBaseline: writeTo && resolve(io.cwd, writeTo),
      allFiles: Boolean(values['all-files']),
      family: 'secret',
    });
    io.stderr(`agentship secrets: ${result.findings.length} findings in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    if (writeTo) {
      io.stderr(`Wrote ${result.findings.length} finding fingerprints to ${writeTo}.\n`);
      return EXIT.passed;
    }
    const color = format === 'text' && io.isTTY && !values['no-color'] && !values.output && !io.env.NO_COLOR;
    const report = format === 'gitleaks' ? formatGitleaks(result.findings) : renderReport(format, result, { color });
    emit(io, report, values.output as string | undefined);
    return failure ? EXIT.gateFailed : EXIT.passed;
  },
};
