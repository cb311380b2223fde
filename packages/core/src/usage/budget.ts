import { DAY_MS, totalsOf, type Sums } from './aggregate.js';

/** An environment's monthly budget (environments/<env>/budget-limits.yaml). */
export interface EnvironmentBudget {
  budgetUsd?: number;
  /** Percentages of the budget, ascending: 70, 90, 100 by default. */
  alertLevels: number[];
}

/** Budget against actual for one environment in the month of the report. */
export interface BudgetStatus {
  environment: string;
  /** `2025-06`: the month `asOf` falls in. */
  month: string;
  budgetUsd?: number;
  alertLevels: number[];
  monthToDateUsd: number;
  /** Mean daily cost over the last complete days (up to RUN_RATE_DAYS) before the report's day. */
  runRateUsdPerDay: number;
  /** Month to date plus the run rate for the rest of the month. */
  forecastUsd: number;
  percentUsed?: number;
  forecastPercent?: number;
  /** Levels the month-to-date cost has reached. */
  crossed: number[];
  /** Levels the forecast reaches that the month to date has not yet. */
  forecastCrosses: number[];
  daysElapsed: number;
  daysInMonth: number;
  /** Cost so far at the end of each day of the month up to `asOf` (the burn-up chart). */
  cumulativeUsd: number[];
}

export const RUN_RATE_DAYS = 7;

/**
 * `daily`: the environment's cost per day (day number since the epoch). The forecast is
 * month-to-date + run rate * days left; the run rate is the mean of the last RUN_RATE_DAYS complete
 * days (a mean, not a median: spend adds up, spikes included).
 */
export function budgetStatus(environment: string, daily: Map<number, Sums>, asOf: number, budget: EnvironmentBudget | undefined): BudgetStatus {
  const now = new Date(asOf);
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const startDay = monthStart / DAY_MS;
  const asOfDay = Math.floor(asOf / DAY_MS);
  const cost = (day: number) => (daily.has(day) ? totalsOf(daily.get(day)!).costUsd : 0);
  let monthToDate = 0;
  const cumulative: number[] = [];
  for (let day = startDay; day <= asOfDay; day++) {
    monthToDate += cost(day);
    cumulative.push(cents(monthToDate));
  }
  const firstDay = Math.min(...daily.keys());
  const complete: number[] = [];
  for (let day = asOfDay - 1; day >= Math.max(firstDay, asOfDay - RUN_RATE_DAYS); day--) complete.push(cost(day));
  const elapsedMs = Math.min(asOf, monthEnd) - monthStart;
  const runRate = complete.length ? complete.reduce((a, b) => a + b, 0) / complete.length : elapsedMs > 0 ? (monthToDate / elapsedMs) * DAY_MS : 0;
  const daysLeft = Math.max(0, (monthEnd - asOf) / DAY_MS);
  const forecast = monthToDate + runRate * daysLeft;
  const levels = budget?.alertLevels ?? [70, 90, 100];
  const status: BudgetStatus = {
    environment,
    month: new Date(monthStart).toISOString().slice(0, 7),
    budgetUsd: budget?.budgetUsd,
    alertLevels: levels,
    monthToDateUsd: cents(monthToDate),
    runRateUsdPerDay: cents(runRate),
    forecastUsd: cents(forecast),
    crossed: [],
    forecastCrosses: [],
    daysElapsed: Math.round((elapsedMs / DAY_MS) * 10) / 10,
    daysInMonth: (monthEnd - monthStart) / DAY_MS,
    cumulativeUsd: cumulative,
  };
  if (budget?.budgetUsd) {
    status.percentUsed = Math.round((monthToDate / budget.budgetUsd) * 1000) / 10;
    status.forecastPercent = Math.round((forecast / budget.budgetUsd) * 1000) / 10;
    status.crossed = levels.filter((l) => monthToDate >= (budget.budgetUsd! * l) / 100);
    status.forecastCrosses = levels.filter((l) => !status.crossed.includes(l) && forecast >= (budget.budgetUsd! * l) / 100);
  }
  return status;
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** Every environment's budget from environments/<env>/budget-limits.yaml, read as the cost stage reads it. */
export function budgetsOf(environments: ReadonlyArray<{ name: string; budgetUsd?: number; alertLevels: number[] }>): Record<string, EnvironmentBudget> {
  return Object.fromEntries(environments.map((e) => [e.name, { budgetUsd: e.budgetUsd, alertLevels: e.alertLevels }]));
}
