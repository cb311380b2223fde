import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPricer } from '@agentship/core/pricing';
import { buildUsageReport, DEFAULT_ANOMALY_OPTIONS, detectAnomalies, mad, median, renderUsageMarkdown, UsagePricer, type UsageReport } from '@agentship/core/usage';
import { AS_OF, generateMonth, LEAKED_KEY, toJsonl } from './month.js';

const pricer = await loadPricer();

const BUDGETS = { production: { budgetUsd: 400, alertLevels: [70, 90, 100] } };

function writeUsage(name: string, text: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentship-report-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('a generated month with planted events', () => {
  let report: UsageReport;
  let records: Record<string, unknown>[];
  beforeAll(async () => {
    records = generateMonth();
    report = await buildUsageReport({ paths: [writeUsage('month.jsonl', toJsonl(records))], asOf: AS_OF, budgets: BUDGETS });
  });

  it('finds each planted anomaly on its day, and nothing on ordinary days', () => {
    const found = report.anomalies.map((a) => `${a.metric} ${a.agent ?? '*'} ${a.day} ${a.direction}`).sort();
    expect(found).toEqual([
      'cost * 2025-06-12 up', // triage's spike lifts production as a whole
      'cost triage 2025-06-12 up',
      'error-rate * 2025-06-15 up', // release-manager's failed day, seen in production's error rate
      'error-rate * 2025-06-20 up',
      'error-rate reviewer 2025-06-20 up',
      'quality * 2025-06-22 down',
      'quality docs-writer 2025-06-22 down',
    ]);
  });

  it('finds the stalled agent, only that one', () => {
    expect(report.stalls.map((s) => s.agent)).toEqual(['summarizer']);
    expect(report.stalls[0].lastSeen < '2025-06-26T10:00:00Z').toBe(true);
    expect(report.stalls[0].silentHours).toBeGreaterThan(100);
  });

  it('finds the run of failures and keeps the key in its error out of the report', () => {
    expect(report.repeatedFailures).toHaveLength(1);
    const run = report.repeatedFailures[0];
    expect(run.agent).toBe('release-manager');
    expect(run.count).toBeGreaterThanOrEqual(10);
    expect(run.from.startsWith('2025-06-15')).toBe(true);
    expect(run.topError).toContain('401 Unauthorized');
    const everything = JSON.stringify(report) + renderUsageMarkdown(report);
    expect(everything).not.toContain(LEAKED_KEY);
    expect(everything).not.toContain(LEAKED_KEY.slice(12, 40));
  });

  it('reports the policy violation', () => {
    expect(report.policyViolations).toMatchObject([{ agent: 'triage', policy: 'wrote outside allowed paths', day: '2025-06-18', count: 1 }]);
  });

  it('finds nothing in the same month without the planted events', async () => {
    const clean = await buildUsageReport({ paths: [writeUsage('clean.jsonl', toJsonl(generateMonth({ plant: false })))], asOf: AS_OF, budgets: BUDGETS });
    expect(clean.anomalies).toEqual([]);
    expect(clean.stalls).toEqual([]);
    expect(clean.repeatedFailures).toEqual([]);
    expect(clean.policyViolations).toEqual([]);
  });

  it('adds up records, tasks and calls per agent, day, week and month', () => {
    const of = (agent: string) => records.filter((r) => r.agent === agent);
    const triage = report.by.agent.find((a) => a.key === 'triage')!;
    expect(triage.records).toBe(of('triage').length);
    expect(triage.calls).toBe(of('triage').length);
    expect(triage.failed).toBe(of('triage').filter((r) => r.success === false).length);
    const reviewer = report.by.agent.find((a) => a.key === 'reviewer')!;
    expect(reviewer.tasks).toBe(of('reviewer').length);
    expect(reviewer.tasksFailed).toBe(of('reviewer').filter((r) => r.success === false).length);
    expect(reviewer.costUsd).toBeCloseTo(of('reviewer').reduce((s, r) => s + (r.cost_usd as number), 0), 4);
    expect(report.daily).toHaveLength(30);
    expect(report.daily.reduce((s, d) => s + d.records, 0)).toBe(records.length);
    expect(report.monthly.map((m) => m.period)).toEqual(['2025-06']);
    expect(report.weekly.map((w) => w.period)).toEqual(['2025-W22', '2025-W23', '2025-W24', '2025-W25', '2025-W26', '2025-W27']);
    expect(report.by.workflow.map((w) => w.key).sort()).toEqual(['docs', 'incident', 'issue-triage', 'pr-review', 'release']);
    expect(report.by.phase.find((p) => p.key === 'review')!.records).toBe(of('reviewer').length);
  });

  it('prices records without a cost with the cost stage prices, the same as priceUsage', () => {
    const triage = records.filter((r) => r.agent === 'triage');
    expect(report.data.pricedHere).toBe(triage.length);
    expect(report.data.unpriced).toBe(0);
    const expected = triage.reduce((s, r) => s + pricer.priceUsage('claude-haiku-4-5', { input: r.input_tokens as number, output: r.output_tokens as number, cacheRead: 0, cacheWrite: 0 }).usd, 0);
    expect(report.by.agent.find((a) => a.key === 'triage')!.costUsd).toBeCloseTo(expected, 4);
  });

  it('sets budget against actual with the crossed levels and a forecast', () => {
    const b = report.budgets.find((x) => x.environment === 'production')!;
    expect(b.monthToDateUsd).toBeCloseTo(report.totals.costUsd, 1);
    expect(b.percentUsed).toBeCloseTo((b.monthToDateUsd / 400) * 100, 0);
    expect(b.crossed).toEqual([70]);
    // The report is made at the very end of the month: nothing is left to forecast.
    expect(b.forecastUsd).toBeCloseTo(b.monthToDateUsd, 1);
  });

  it('forecasts the rest of the month from the last 7 complete days', async () => {
    const midMonth = Date.UTC(2025, 5, 10, 12);
    const partial = await buildUsageReport({ paths: [writeUsage('month.jsonl', toJsonl(generateMonth({ days: 10 })))], asOf: midMonth, budgets: BUDGETS });
    const b = partial.budgets[0];
    const last7 = partial.daily.filter((d) => d.period >= '2025-06-03' && d.period <= '2025-06-09').reduce((s, d) => s + d.costUsd, 0) / 7;
    expect(b.runRateUsdPerDay).toBeCloseTo(last7, 1);
    expect(b.forecastUsd).toBeCloseTo(b.monthToDateUsd + last7 * 20.5, 0);
    expect(b.daysElapsed).toBe(9.5);
    // About $110 so far (under 70% of $400), heading for about $340 (over 70%, under 90%).
    expect(b.crossed).toEqual([]);
    expect(b.forecastCrosses).toEqual([70]);
    // Records after --as-of are left out.
    expect(partial.data.last! <= new Date(midMonth).toISOString()).toBe(true);
  });
});

describe('reading usage files', () => {
  it('keeps going past bad lines and says which line and why', async () => {
    const good = JSON.stringify({ timestamp: '2025-06-01T10:00:00Z', agent: 'a', model: 'claude-haiku-4-5', input_tokens: 1000, output_tokens: 100, cost_usd: 0.5 });
    const lines = [good, '{not json', JSON.stringify({ agent: 'a' }), JSON.stringify({ timestamp: 'yesterday' }), JSON.stringify({ timestamp: '2025-06-01T11:00:00Z', input_tokens: -4 }), '', good];
    const report = await buildUsageReport({ paths: [writeUsage('mixed.jsonl', lines.join('\r\n'))], asOf: Date.UTC(2025, 5, 2) });
    expect(report.data.records).toBe(2);
    expect(report.totals.costUsd).toBe(1);
    expect(report.problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['2: not valid JSON', '3: timestamp is missing', '4: timestamp "yesterday" is not an RFC 3339 date-time or epoch milliseconds', '5: input_tokens must be a number, 0 or more']);
    expect(report.problems[0].file).toMatch(/mixed\.jsonl$/);
  });

  it('reads gzipped JSONL, a JSON array and a folder of them', async () => {
    const record = (hour: number) => ({ timestamp: `2025-06-01T${String(hour).padStart(2, '0')}:00:00Z`, agent: 'a', cost_usd: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'agentship-report-'));
    writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(toJsonl([record(1), record(2)])));
    writeFileSync(join(dir, 'b.json'), JSON.stringify([record(3), record(4), record(5)]));
    writeFileSync(join(dir, 'notes.txt'), 'not usage');
    const report = await buildUsageReport({ paths: [dir], asOf: Date.UTC(2025, 5, 2) });
    expect(report.data.files.map((f) => f.split('/').pop())).toEqual(['a.jsonl.gz', 'b.json']);
    expect(report.totals.costUsd).toBe(5);
  });

  it('fills the environment of records that name none, and filters environments', async () => {
    const path = writeUsage('envs.jsonl', toJsonl([{ timestamp: '2025-06-01T01:00:00Z', cost_usd: 1 }, { timestamp: '2025-06-01T02:00:00Z', environment: 'staging', cost_usd: 2 }]));
    const all = await buildUsageReport({ paths: [path], asOf: Date.UTC(2025, 5, 2), defaultEnvironment: 'production' });
    expect(all.by.environment.map((e) => [e.key, e.costUsd])).toEqual([['production', 1], ['staging', 2]]);
    const staging = await buildUsageReport({ paths: [path], asOf: Date.UTC(2025, 5, 2), environments: ['staging'] });
    expect(staging.totals.costUsd).toBe(2);
  });
});

describe('UsagePricer', () => {
  it('matches priceUsage to the micro-dollar for ordinary calls, and prices large ones exactly', () => {
    const usagePricer = new UsagePricer(pricer);
    for (const model of ['claude-sonnet-4-5', 'claude-haiku-4-5', 'gpt-4o-mini', 'gpt-4.1']) {
      for (const [input, output, read, write] of [[3000, 600, 0, 0], [12000, 1500, 8000, 1000], [31000, 10, 30000, 0], [250000, 2000, 0, 0]]) {
        const usage = { input, output, cacheRead: read, cacheWrite: write };
        expect(usagePricer.price(model, usage)).toBeCloseTo(pricer.priceUsage(model, usage).usd, 6);
      }
    }
    const unknown = { input: 1000, output: 100, cacheRead: 0, cacheWrite: 0 };
    expect(usagePricer.price('no-such-model-anywhere', unknown)).toBeUndefined();
  });
});

describe('the anomaly rule', () => {
  const series = (costs: number[]) => {
    const days = new Map<number, Float64Array>();
    costs.forEach((cost, i) => {
      const sums = new Float64Array(16);
      sums[0] = 100; // records
      sums[9] = cost; // cost
      days.set(1000 + i, sums);
    });
    return { environment: 'production', firstDay: 1000, lastDay: 1000 + costs.length - 1, days };
  };

  it('scales a flat baseline by its floor (5% of the median), not by a MAD of 0', () => {
    expect(detectAnomalies(series([...Array(14).fill(10), 10.4]), DEFAULT_ANOMALY_OPTIONS)).toEqual([]);
    const [spike] = detectAnomalies(series([...Array(14).fill(10), 20]), DEFAULT_ANOMALY_OPTIONS);
    expect(spike).toMatchObject({ metric: 'cost', baseline: 10, scale: 0.5, z: 20, direction: 'up' });
  });

  it('needs 7 days of baseline, and judges the unfinished day for rises only', () => {
    expect(detectAnomalies(series([10, 10, 10, 10, 10, 10, 40]), DEFAULT_ANOMALY_OPTIONS)).toEqual([]);
    const drop = series([...Array(10).fill(10), 1]);
    expect(detectAnomalies(drop, DEFAULT_ANOMALY_OPTIONS).map((a) => a.direction)).toEqual(['down']);
    expect(detectAnomalies(drop, DEFAULT_ANOMALY_OPTIONS, drop.lastDay)).toEqual([]);
  });

  it('follows the median and MAD of the trailing window', () => {
    // Baseline 8..12 (median 10, MAD 1, scale 1.4826): 15 is z 3.4, 15.5 is z 3.7.
    const window = [8, 9, 10, 11, 12, 8, 9, 10, 11, 12, 10, 10, 9, 11];
    expect(detectAnomalies(series([...window, 15]), DEFAULT_ANOMALY_OPTIONS)).toEqual([]);
    expect(detectAnomalies(series([...window, 15.5]), DEFAULT_ANOMALY_OPTIONS)).toHaveLength(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });
});
