/**
 * Sequential checks that may look after every task and still keep their stated error rates
 * (research/canary.md §5.5): Wald's SPRT on the discordant pairs of a pass/fail metric, and the
 * always-valid mixture SPRT (Johari et al.) on paired differences.
 */

/** Wald's boundaries: accept H1 at ln((1−β)/α), accept H0 at ln(β/(1−α)). */
export function sprtBoundaries(alpha: number, beta: number): { upper: number; lower: number } {
  if (!(alpha > 0 && alpha < 1 && beta > 0 && beta < 1)) throw new RangeError(`SPRT error rates must be in (0, 1) (alpha ${alpha}, beta ${beta}).`);
  return { upper: Math.log((1 - beta) / alpha), lower: Math.log(beta / (1 - alpha)) };
}

export interface SprtOptions {
  /** Chance of declaring a regression when there is none. */
  alpha: number;
  /** Chance of missing a regression of size p1. */
  beta: number;
  /** Under H1, the share of discordant pairs that are regressions (H0: 0.5). */
  p1: number;
}

export interface SprtResult {
  /** regression: H1 accepted; no-regression: H0 accepted; continue: neither boundary crossed. */
  decision: 'regression' | 'no-regression' | 'continue';
  /** Pairs read when the decision was reached (all pairs when it continues). */
  steps: number;
  regressions: number;
  improvements: number;
  logLikelihoodRatio: number;
  upper: number;
  lower: number;
  alpha: number;
  beta: number;
  p1: number;
}

/**
 * SPRT over paired pass/fail outcomes in the order given: each regression (baseline passed,
 * candidate failed) adds ln(p1/0.5), each improvement adds ln((1−p1)/0.5); concordant pairs add 0.
 */
export function sprtPassFail(pairs: ReadonlyArray<{ baseline: boolean; candidate: boolean }>, options: SprtOptions): SprtResult {
  const { alpha, beta, p1 } = options;
  if (!(p1 > 0.5 && p1 < 1)) throw new RangeError(`SPRT p1 must be in (0.5, 1) (got ${p1}).`);
  const { upper, lower } = sprtBoundaries(alpha, beta);
  const up = Math.log(p1 / 0.5);
  const down = Math.log((1 - p1) / 0.5);
  let llr = 0;
  let regressions = 0;
  let improvements = 0;
  let steps = 0;
  let decision: SprtResult['decision'] = 'continue';
  for (const pair of pairs) {
    steps++;
    if (pair.baseline && !pair.candidate) {
      regressions++;
      llr += up;
    } else if (!pair.baseline && pair.candidate) {
      improvements++;
      llr += down;
    }
    if (llr >= upper) decision = 'regression';
    else if (llr <= lower) decision = 'no-regression';
    if (decision !== 'continue') break;
  }
  return { decision, steps, regressions, improvements, logLikelihoodRatio: llr, upper, lower, alpha, beta, p1 };
}

/**
 * The normal-mixture mSPRT statistic for n observations with mean x̄, known variance σ² and
 * mixing variance τ² around θ0: Λ = sqrt(σ²/(σ²+nτ²)) · exp(n²τ²(x̄−θ0)² / (2σ²(σ²+nτ²))).
 */
export function msprtLambda(meanValue: number, n: number, variance: number, tau2: number, theta0 = 0): number {
  const s = variance + n * tau2;
  return Math.sqrt(variance / s) * Math.exp((n * n * tau2 * (meanValue - theta0) ** 2) / (2 * variance * s));
}

export interface MsprtResult {
  decision: 'reject' | 'continue';
  steps: number;
  lambda: number;
  /** The always-valid p-value min over n of 1/Λ_n. */
  p: number;
}

/** mSPRT over paired differences in order; rejects H0 (θ = θ0) when Λ_n ≥ 1/α. Needs a variance. */
export function msprt(differences: readonly number[], options: { alpha: number; tau2: number; variance: number; theta0?: number }): MsprtResult {
  let sum = 0;
  let p = 1;
  let lambda = 1;
  let steps = 0;
  for (const d of differences) {
    steps++;
    sum += d;
    lambda = msprtLambda(sum / steps, steps, options.variance, options.tau2, options.theta0 ?? 0);
    p = Math.min(p, 1 / lambda);
    if (lambda >= 1 / options.alpha) return { decision: 'reject', steps, lambda, p };
  }
  return { decision: 'continue', steps, lambda, p };
}
