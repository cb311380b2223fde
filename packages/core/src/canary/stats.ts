/**
 * The small-sample tests the canary judge uses, written to match R and scipy exactly
 * (research/canary.md §5 has the formulas and the test values the tests reproduce).
 * Everything here is deterministic: no resampling, no noise.
 */

/** Standard normal CDF, to double precision (Hart 1968 as given by West 2005). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let tail: number;
  if (a > 37) tail = 0;
  else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      let num = 3.52624965998911e-2 * a + 0.700383064443688;
      num = num * a + 6.37396220353165;
      num = num * a + 33.912866078383;
      num = num * a + 112.079291497871;
      num = num * a + 221.213596169931;
      num = num * a + 220.206867912376;
      let den = 8.83883476483184e-2 * a + 1.75566716318264;
      den = den * a + 16.064177579207;
      den = den * a + 86.7807322029461;
      den = den * a + 296.564248779674;
      den = den * a + 637.333633378831;
      den = den * a + 793.826512519948;
      den = den * a + 440.413735824752;
      tail = (e * num) / den;
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Average ranks (1-based; ties share the mean of their ranks) and the tie group sizes. */
export function averageRanks(values: readonly number[]): { ranks: number[]; ties: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const ranks = new Array<number>(values.length);
  const ties: number[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = rank;
    if (j > i) ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

const sumT3 = (ties: number[]): number => ties.reduce((s, t) => s + (t * t * t - t), 0);

/** p-values of a test: two-sided and each one-sided alternative. */
export interface PValues {
  /** H1: the statistic is shifted either way. */
  twoSided: number;
  /** H1: candidate > baseline (the statistic is large). */
  greater: number;
  /** H1: candidate < baseline (the statistic is small). */
  less: number;
}

export interface McNemarResult {
  /** Tasks the baseline passed and the candidate failed (regressions). */
  b: number;
  /** Tasks the baseline failed and the candidate passed (improvements). */
  c: number;
  /** p-values for H1 "the candidate passes more" (greater) and "passes less" (less). */
  p: PValues;
}

/** log(k!) for k = 0..n. */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) out[k] = out[k - 1] + Math.log(k);
  return out;
}

/** P(X <= k) and P(X >= k) for X ~ Binomial(n, 1/2), summed in log space so large n stays exact enough. */
export function binomialHalfTails(k: number, n: number): { atMost: number; atLeast: number } {
  const lf = logFactorials(n);
  const pmf = (i: number): number => Math.exp(lf[n] - lf[i] - lf[n - i] - n * Math.LN2);
  let atMost = 0;
  let atLeast = 0;
  for (let i = 0; i <= n; i++) {
    const p = pmf(i);
    if (i <= k) atMost += p;
    if (i >= k) atLeast += p;
  }
  return { atMost: Math.min(1, atMost), atLeast: Math.min(1, atLeast) };
}

/**
 * Exact McNemar test on discordant pairs: under H0, b ~ Binomial(b + c, 1/2)
 * (scipy `binomtest`, statsmodels `mcnemar(exact=True)`).
 */
export function mcnemarExact(b: number, c: number): McNemarResult {
  const n = b + c;
  if (n === 0) return { b, c, p: { twoSided: 1, greater: 1, less: 1 } };
  const { atMost, atLeast } = binomialHalfTails(b, n);
  // Candidate passes less (more regressions b): P(X >= b). Candidate passes more: P(X <= b).
  return { b, c, p: { twoSided: Math.min(1, 2 * Math.min(atMost, atLeast)), less: atLeast, greater: atMost } };
}

/** McNemar's chi-square with continuity correction, (|b − c| − 1)² / (b + c) on 1 df; for large samples only. */
export function mcnemarChiSquare(b: number, c: number): { statistic: number; p: number } {
  if (b + c === 0) return { statistic: 0, p: 1 };
  const statistic = Math.max(0, Math.abs(b - c) - 1) ** 2 / (b + c);
  return { statistic, p: 2 * (1 - normalCdf(Math.sqrt(statistic))) };
}

export interface RankTestResult {
  /** W+ (signed-rank) or U of the candidate (Mann–Whitney). */
  statistic: number;
  /** The normal approximation's z with continuity correction; undefined when exact. */
  z?: number;
  p: PValues;
  method: 'exact' | 'normal';
  /** Non-zero differences (signed-rank) or total observations (Mann–Whitney). */
  n: number;
}

/** One-sided and two-sided p-values from a z that already carries the continuity correction per side. */
function normalPValues(excess: number, sigma: number): { z: number; p: PValues } {
  // R's wilcox.test: the correction is 0.5·sign for two-sided, +0.5 for "less", −0.5 for "greater".
  const z = (excess - 0.5 * Math.sign(excess)) / sigma;
  const greater = 1 - normalCdf((excess - 0.5) / sigma);
  const less = normalCdf((excess + 0.5) / sigma);
  return { z, p: { twoSided: Math.min(1, 2 * Math.min(normalCdf(z), 1 - normalCdf(z))), greater, less } };
}

/** Counts of each sum of a subset of 1..n (the exact null distribution of W+ ×2ⁿ). */
function signedRankCounts(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) for (let s = max; s >= r; s--) counts[s] += counts[s - r];
  return counts;
}

/**
 * Wilcoxon signed-rank test on paired differences d = candidate − baseline, as R's
 * `wilcox.test(paired = TRUE, correct = TRUE)`: zeros dropped, average ranks for ties, the
 * tie-corrected normal approximation; exact when n < 50 with no ties and no zeros (R's default).
 */
export function wilcoxonSignedRank(differences: readonly number[]): RankTestResult {
  const hadZeros = differences.some((d) => d === 0);
  const d = differences.filter((x) => x !== 0 && Number.isFinite(x));
  const n = d.length;
  if (n === 0) return { statistic: 0, p: { twoSided: 1, greater: 1, less: 1 }, method: 'normal', n };
  const { ranks, ties } = averageRanks(d.map(Math.abs));
  const wPlus = d.reduce((s, x, i) => (x > 0 ? s + ranks[i] : s), 0);
  if (n < 50 && ties.length === 0 && !hadZeros) {
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    let atMost = 0;
    let atLeast = 0;
    for (let s = 0; s < counts.length; s++) {
      if (s <= wPlus) atMost += counts[s];
      if (s >= wPlus) atLeast += counts[s];
    }
    const less = atMost / total;
    const greater = atLeast / total;
    return { statistic: wPlus, p: { twoSided: Math.min(1, 2 * Math.min(less, greater)), greater, less }, method: 'exact', n };
  }
  const mu = (n * (n + 1)) / 4;
  // Never 0 for n ≥ 1: even when all n ranks tie, σ² = n(n+1)(3n+3)/48.
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - sumT3(ties) / 48);
  const { z, p } = normalPValues(wPlus - mu, sigma);
  return { statistic: wPlus, z, p, method: 'normal', n };
}

/** Counts of each U for samples of sizes m and n without ties (the exact null distribution × C(m+n, m)). */
function mannWhitneyCounts(m: number, n: number): Float64Array {
  // f[i][j][u]: arrangements of i x's and j y's with U = u; built with a rolling table over j.
  const max = m * n;
  let prev: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(max + 1));
  for (let i = 0; i <= m; i++) prev[i][0] = 1; // j = 0: U is 0
  for (let j = 1; j <= n; j++) {
    const cur: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(max + 1));
    cur[0][0] = 1;
    for (let i = 1; i <= m; i++) {
      // The largest value is an x (it beats all j y's: U += j) or a y (U unchanged).
      for (let u = 0; u <= max; u++) cur[i][u] = (u >= j ? cur[i - 1][u - j] : 0) + prev[i][u];
    }
    prev = cur;
  }
  return prev[m];
}

/**
 * Mann–Whitney U test of candidate (x) against baseline (y), unpaired, as R's
 * `wilcox.test(x, y, correct = TRUE)` (= scipy `mannwhitneyu(method='asymptotic',
 * use_continuity=True)`) with the tie correction; exact when both samples have fewer than 50
 * values and there are no ties (R's default).
 */
export function mannWhitneyU(candidate: readonly number[], baseline: readonly number[]): RankTestResult {
  const x = candidate.filter(Number.isFinite);
  const y = baseline.filter(Number.isFinite);
  const n1 = x.length;
  const n2 = y.length;
  const N = n1 + n2;
  if (n1 === 0 || n2 === 0) return { statistic: 0, p: { twoSided: 1, greater: 1, less: 1 }, method: 'normal', n: N };
  const { ranks, ties } = averageRanks([...x, ...y]);
  const r1 = ranks.slice(0, n1).reduce((s, r) => s + r, 0);
  const u = r1 - (n1 * (n1 + 1)) / 2;
  if (n1 < 50 && n2 < 50 && ties.length === 0) {
    const counts = mannWhitneyCounts(n1, n2);
    const total = counts.reduce((s, c) => s + c, 0);
    let atMost = 0;
    let atLeast = 0;
    for (let k = 0; k < counts.length; k++) {
      if (k <= u) atMost += counts[k];
      if (k >= u) atLeast += counts[k];
    }
    const less = atMost / total;
    const greater = atLeast / total;
    return { statistic: u, p: { twoSided: Math.min(1, 2 * Math.min(less, greater)), greater, less }, method: 'exact', n: N };
  }
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (N + 1 - sumT3(ties) / (N * (N - 1))));
  if (sigma === 0) return { statistic: u, p: { twoSided: 1, greater: 1, less: 1 }, method: 'normal', n: N };
  const { z, p } = normalPValues(u - mu, sigma);
  return { statistic: u, z, p, method: 'normal', n: N };
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
}
