import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPORT_FORMATS, renderReport, validate } from '@agentship/core';
import { formatGitleaks } from '@agentship/core/secrets';
import { runValidateStage } from '../../packages/platform/src/stages/validate.js';
import { githubPlatform } from '../../packages/platform/src/github/index.js';
import { makeTree, runCli } from '../helpers.js';
import { samples, serviceAccountJson } from '../../packages/core/test/secrets/samples.js';

/**
 * Plants a secret of every kind in governed files and checks that no output agentship produces
 * (every report format, GitHub annotations, the job summary, SARIF, the CLI) holds any of them.
 */
const planted = samples();
const pem = planted.find((s) => s.value.includes('RSA PRIVATE'))!.value;
const oneLine = planted.filter((s) => !s.value.includes('\n'));
const multiLine = planted.filter((s) => s.value.includes('\n'));
const SKILL = '---\nname: deploy\ndescription: Deploys the service. Use when shipping a release.\n---\n\n# Deploy\n';

function tree(): string {
  const half = Math.ceil(oneLine.length / 2);
  return makeTree({
    'AGENTS.md': `# Agents\n\nUse the staging credentials:\n\n${oneLine.slice(0, half).map((s) => s.line).join('\n')}\n`,
    '.claude/skills/deploy/SKILL.md': SKILL,
    '.claude/skills/deploy/scripts/deploy.sh': `#!/bin/sh\n${oneLine.slice(half).map((s) => s.line).join('\n')}\n`,
    '.claude/skills/deploy/references/keys.md': multiLine.map((s) => s.value).join('\n\n') + '\n',
    '.claude/skills/deploy/references/service-account.json': serviceAccountJson(pem),
    '.mcp.json': JSON.stringify({ mcpServers: { gh: { command: 'npx', args: ['server-github'], env: { GITHUB_TOKEN: planted.find((s) => s.ruleId === 'github-pat')!.value } } } }, null, 2),
    'environments/production/.env.production': `OPENAI_API_KEY=${planted.find((s) => s.ruleId === 'openai-api-key')!.value}\n`,
  });
}

/** Windows of 12 characters from each value's body: none may appear anywhere in an output. */
function leaks(output: string): string[] {
  const found: string[] = [];
  for (const s of planted) {
    const body = s.value.includes('\n') ? s.value.split('\n').slice(1, -1).join('') : s.value.slice(4);
    for (let i = 0; i + 12 <= body.length; i += 6) {
      if (output.includes(body.slice(i, i + 12))) {
        found.push(`${s.ruleId}: ${body.slice(i, i + 4)}…`);
        break;
      }
    }
  }
  return found;
}

describe('no secret value reaches any output', () => {
  let root: string;
  let result: ReturnType<typeof validate>;
  beforeAll(() => {
    root = tree();
    result = validate(root);
  });

  it('finds every planted secret', () => {
    const secretFindings = result.findings.filter((f) => f.ruleId.startsWith('secret/'));
    for (const s of planted) {
      expect(secretFindings.some((f) => f.message.includes(`[${s.ruleId}]`)), s.ruleId).toBe(true);
    }
    // two in the service-account file, one more for the .mcp.json and the .env file
    expect(secretFindings.length).toBeGreaterThanOrEqual(planted.length + 3);
  });

  for (const format of [...REPORT_FORMATS, 'gitleaks'] as const) {
    it(`${format} report`, () => {
      const output = format === 'gitleaks' ? formatGitleaks(result.findings) : renderReport(format, result);
      expect(output).toMatch(/fp [0-9a-f]{12}/);
      expect(leaks(output)).toEqual([]);
    });
  }

  describe('GitHub annotations, job summary and SARIF of the validate stage', () => {
    const written: string[] = [];
    let summaryFile: string;
    let sarif: string;
    const saved = process.env.GITHUB_STEP_SUMMARY;
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'agentship-summary-'));
      summaryFile = join(dir, 'summary.md');
      writeFileSync(summaryFile, '');
      process.env.GITHUB_STEP_SUMMARY = summaryFile;
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      try {
        await runValidateStage(githubPlatform(), { workspace: root, path: '.', failOn: 'never', sarifFile: 'out/agentship.sarif' });
      } finally {
        spy.mockRestore();
      }
      sarif = readFileSync(join(root, 'out/agentship.sarif'), 'utf8');
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved;
    });

    it('annotations', () => {
      const annotations = written.join('');
      expect(annotations).toContain('::error');
      expect(annotations).toContain('secret/');
      expect(leaks(annotations)).toEqual([]);
    });
    it('summary', () => {
      const summary = readFileSync(summaryFile, 'utf8');
      expect(summary).toContain('secret/');
      expect(leaks(summary)).toEqual([]);
    });
    it('SARIF file', () => {
      expect(sarif).toContain('secret/provider-token');
      expect(leaks(sarif)).toEqual([]);
    });
  });

  it('the CLI, in every format, on stdout and stderr', () => {
    for (const format of [...REPORT_FORMATS, 'gitleaks']) {
      const run = runCli(['secrets', root, '--format', format]);
      expect(run.status, run.stderr).toBe(1);
      expect(leaks(run.stdout + run.stderr)).toEqual([]);
    }
    const run = runCli(['validate', root, '--format', 'text']);
    expect(run.stdout).toContain('secret/private-key');
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });
});
