import { relative } from 'node:path';
import { loadPricer, noOverrides, type PriceOverrides } from '../pricing/index.js';
import { redactSecrets } from '../secrets/index.js';
import { DAY_MS, dayString, groupCells, isoWeek, newSums, totalsOf, UsageAggregator, type Sums, type UsageTotals } from './aggregate.js';
import { DEFAULT_ANOMALY_OPTIONS, detectAnomalies, detectRepeatedFailures, detectStall, sortTrack, type Anomaly, type AnomalyOptions, type DailySeries, type RepeatedFailure, type Stall } from './anomalies.js';
import { budgetStatus, type BudgetStatus, type EnvironmentBudget } from './budget.js';
import { UsagePricer } from './pricing.js';
import { expandUsagePaths, readUsageFile, type UsageProblem } from './read.js';
import type { UsageRecord } from './record.js';

export const USAGE_REPORT_KIND = 'agentship-usage-report';
const MAX_PROBLEMS = 100;

export interface UsageReportOptions {
  /** Usage files or folders (absolute, or relative to the working folder). */
  paths: string[];
  /** Paths in the report are shown relative to this folder (default: the working folder). */
  displayRoot?: string;
  /** Only these environments (default: all). */
  environments?: string[];
  /** The environment of records that name none. */
  defaultEnvironment?: string;
  /** The moment the report describes, in ms (default: now). Records after it are left out. */
  asOf?: number;
  budgets?: Record<string, EnvironmentBudget>;
  priceOverrides?: PriceOverrides;
  anomaly?: Partial<AnomalyOptions>;
  /** Progress lines for long reads (the CLI prints them to stderr). */
  progress?: (line: string) => void;
}

export type PeriodRow = { period: string } & UsageTotals;
export type BreakdownRow = { key: string } & UsageTotals;

/** One agent's days, for charts: cost, records, failures, mean score. */
export interface AgentDays {
  environment: string;
  agent: string;
  days: Array<{ day: string; costUsd: number; records: number; failed: number; meanScore?: number }>;
}

export interface PolicyViolation {
  environment: string;
  agent: string;
  policy: string;
  day: string;
  count: number;
  firstSeen: string;
}

/** `agentship report --format json`. */
export interface UsageReport {
  version: 1;
  kind: typeof USAGE_REPORT_KIND;
  generatedAt: string;
  asOf: string;
  data: {
    files: string[];
    records: number;
    /** Lines that were not a usage record (see problems). */
    skipped: number;
    /** Records whose cost agentship filled in from the prices. */
    pricedHere: number;
    /** Records with no cost and no price for their model. */
    unpriced: number;
    first?: string;
    last?: string;
  };
  problems: UsageProblem[];
  settings: AnomalyOptions;
  totals: UsageTotals;
  budgets: BudgetStatus[];
  daily: PeriodRow[];
  weekly: PeriodRow[];
  monthly: PeriodRow[];
  by: { environment: BreakdownRow[]; agent: BreakdownRow[]; workflow: BreakdownRow[]; phase: BreakdownRow[]; model: BreakdownRow[] };
  agentDays: AgentDays[];
  anomalies: Anomaly[];
  stalls: Stall[];
  repeatedFailures: RepeatedFailure[];
  policyViolations: PolicyViolation[];
}

/** Reads the usage files once, streaming, and builds the report. */
export async function buildUsageReport(options: UsageReportOptions): Promise<UsageReport> {
  const asOf = options.asOf ?? Date.now();
  const settings: AnomalyOptions = { ...DEFAULT_ANOMALY_OPTIONS, ...options.anomaly };
  const aggregator = new UsageAggregator();
  const pricer = new UsagePricer(await loadPricer(options.priceOverrides ?? noOverrides()));
  const onlyEnvironments = options.environments?.length ? new Set(options.environments) : undefined;
  const problems: UsageProblem[] = [];
  let skipped = 0;
  let pricedHere = 0;
  let unpriced = 0;
  let records = 0;
  const files = expandUsagePaths(options.paths);
  const displayRoot = options.displayRoot ?? process.cwd();
  const display = (file: string) => {
    const rel = relative(displayRoot, file).split('\\').join('/');
    return rel && !rel.startsWith('../') ? rel : file;
  };
  const take = (r: UsageRecord) => {
    if (r.time > asOf || (onlyEnvironments && !onlyEnvironments.has(r.environment))) return;
    let cost = r.costUsd;
    // A record without tokens (a task whose calls are recorded on their own) costs nothing itself.
    if (cost === undefined && r.inputTokens === 0 && r.outputTokens === 0) cost = 0;
    else if (cost === undefined) {
      const { inputTokens: input, outputTokens: output } = r;
      const usage = { input, output, cacheRead: r.cacheReadTokens, cacheWrite: r.cacheWriteTokens };
      cost = pricer.price(r.model, usage);
      if (cost === undefined) unpriced++;
      else pricedHere++;
    }
    records++;
    if ((records & 0x3ffff) === 0) options.progress?.(`read ${records.toLocaleString('en-US')} records`);
    aggregator.add(r, cost);
  };
  for (const file of files) {
    await readUsageFile(file, display(file), {
      record: take,
      problem(p) {
        skipped++;
        if (problems.length < MAX_PROBLEMS) problems.push({ ...p, message: redactSecrets(p.message) });
      },
    }, options.defaultEnvironment);
  }

  const cells = [...aggregator.cells.values()];
  const all = (group: Map<string, Sums>) => [...group].map(([key, sums]) => ({ key, ...totalsOf(sums) }));
  const period = (group: Map<string, Sums>) => [...group].map(([key, sums]) => ({ period: key, ...totalsOf(sums) }));
  const totalSums = groupCells(cells, () => '').get('');

  // Series per environment and per agent, for anomalies, budgets and charts.
  const asOfDay = Math.floor(asOf / DAY_MS);
  const endOfAsOfDay = (asOfDay + 1) * DAY_MS - 1;
  const partialDay = asOf < endOfAsOfDay ? asOfDay : undefined;
  const envDays = new Map<string, Map<number, Sums>>();
  const agentDaysMap = new Map<string, Map<number, Sums>>();
  for (const [key, sums] of groupCells(cells, (c) => `${c.environment}\u0000${c.agent}\u0000${c.day}`)) {
    const [environment, agent, day] = key.split('\u0000');
    const into = (map: Map<string, Map<number, Sums>>, k: string) => {
      let days = map.get(k);
      if (!days) map.set(k, (days = new Map()));
      const existing = days.get(Number(day));
      if (existing) for (let i = 0; i < sums.length; i++) existing[i] += sums[i];
      else days.set(Number(day), Float64Array.from(sums));
    };
    into(envDays, environment);
    into(agentDaysMap, `${environment}\u0000${agent}`);
  }

  const anomalies: Anomaly[] = [];
  const stalls: Stall[] = [];
  const repeatedFailures: RepeatedFailure[] = [];
  for (const [environment, days] of envDays) {
    anomalies.push(...detectAnomalies({ environment, firstDay: Math.min(...days.keys()), lastDay: asOfDay, days }, settings, partialDay));
  }
  const agentDays: AgentDays[] = [];
  for (const [key, days] of agentDaysMap) {
    const [environment, agent] = key.split('\u0000');
    const track = aggregator.tracks.get(key)!;
    sortTrack(track);
    const stall = detectStall(track, asOf, settings);
    if (stall) stalls.push(stall);
    // Error messages come from the agents' own logs: a leaked key in one must not travel on.
    repeatedFailures.push(...detectRepeatedFailures(track, settings).map((r) => ({ ...r, topError: r.topError && redactSecrets(r.topError) })));
    // A stalled agent's series ends at its last record: its silence is the stall, not a run of cheap days.
    const lastDay = stall ? Math.floor(Date.parse(stall.lastSeen) / DAY_MS) : asOfDay;
    const series: DailySeries = { environment, agent, firstDay: Math.min(...days.keys()), lastDay, days };
    anomalies.push(...detectAnomalies(series, settings, partialDay));
    agentDays.push({
      environment,
      agent,
      days: [...days.keys()].sort((a, b) => a - b).map((day) => {
        const t = totalsOf(days.get(day)!);
        return { day: dayString(day), costUsd: t.costUsd, records: t.records, failed: t.failed, meanScore: t.meanScore };
      }),
    });
  }
  anomalies.sort((a, b) => a.day.localeCompare(b.day) || a.environment.localeCompare(b.environment) || (a.agent ?? '').localeCompare(b.agent ?? ''));

  const budgets = [...envDays].map(([environment, days]) => budgetStatus(environment, days, asOf, options.budgets?.[environment]));
  // An environment asked for by name but silent still gets its line: $0 so far is news too.
  for (const environment of options.environments ?? []) {
    if (!envDays.has(environment)) budgets.push(budgetStatus(environment, new Map(), asOf, options.budgets?.[environment]));
  }

  return {
    version: 1,
    kind: USAGE_REPORT_KIND,
    generatedAt: new Date().toISOString(),
    asOf: new Date(asOf).toISOString(),
    data: {
      files: files.map(display),
      records,
      skipped,
      pricedHere,
      unpriced,
      first: records ? new Date(aggregator.firstTime).toISOString() : undefined,
      last: records ? new Date(aggregator.lastTime).toISOString() : undefined,
    },
    problems,
    settings,
    totals: totalsOf(totalSums ?? newSums()),
    budgets,
    daily: period(groupCells(cells, (c) => dayString(c.day))),
    weekly: period(groupCells(cells, (c) => isoWeek(c.day))),
    monthly: period(groupCells(cells, (c) => dayString(c.day).slice(0, 7))),
    by: {
      environment: all(groupCells(cells, (c) => c.environment)),
      agent: all(groupCells(cells, (c) => c.agent)),
      workflow: all(groupCells(cells, (c) => c.workflow)),
      phase: all(groupCells(cells, (c) => c.phase)),
      model: all(groupCells(cells, (c) => c.model)),
    },
    agentDays,
    anomalies,
    stalls,
    repeatedFailures,
    policyViolations: [...aggregator.policyHits.values()]
      .sort((a, b) => a.firstTime - b.firstTime)
      .map((h) => ({ environment: h.environment, agent: h.agent, policy: redactSecrets(h.policy), day: dayString(h.day), count: h.count, firstSeen: new Date(h.firstTime).toISOString() })),
  };
}
