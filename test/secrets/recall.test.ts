import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, validate } from '@agentship/core';
import { formatGitleaks } from '@agentship/core/secrets';
import { SHARED } from '../helpers.js';

/**
 * The shared benchmark's generator and scorer on a 5 MB tree (same seed and planted count as the
 * 50 MB benchmark tree in bench/secrets): every planted secret found, nothing else reported.
 */
describe('recall on the generated benchmark tree', () => {
  it('finds 100 of 100 planted secrets and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-secrets-recall-'));
    const tree = join(dir, 'tree');
    execFileSync(process.execPath, [join(SHARED, 'bench/secrets/gen-tree.mjs'), tree, '5000000', '100', '20261121']);
    const result = validate(tree, { rules: allRules.filter((r) => r.id.startsWith('secret/')), ruleOptions: { allFiles: true } });
    const report = join(dir, 'report.json');
    const text = formatGitleaks(result.findings);
    writeFileSync(report, text);
    const score = JSON.parse(
      execFileSync(process.execPath, [join(SHARED, 'bench/secrets/score.mjs'), 'gitleaks', report, `${tree}.manifest.json`], { encoding: 'utf8' }),
    );
    expect(score.missedSample).toEqual([]);
    expect(score.plantedFound).toBe(100);
    expect(score.planted).toBe(100);
    expect(score.otherFindings).toBe(0);
    const manifest = JSON.parse(readFileSync(`${tree}.manifest.json`, 'utf8')) as Array<{ value: string }>;
    for (const { value } of manifest) expect(text.includes(value)).toBe(false);
  });
});
