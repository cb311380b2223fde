import { describe, expect, it } from 'vitest';
import { mannWhitneyU, mcnemarChiSquare, mcnemarExact, msprt, msprtLambda, normalCdf, sprtBoundaries, sprtPassFail, wilcoxonSignedRank } from '@agentship/core/canary';

// The test values of research/canary.md §5, checked there against scipy 1.17.1.
describe('test values from research/canary.md', () => {
  it('exact McNemar: b = 8, c = 2 gives one-sided 0.0546875 and two-sided 0.109375', () => {
    const r = mcnemarExact(8, 2);
    expect(r.p.less).toBeCloseTo(56 / 1024, 12);
    expect(r.p.twoSided).toBeCloseTo(0.109375, 12);
    expect(r.p.greater).toBeCloseTo(1013 / 1024, 12); // P(X <= 8) = 1 − P(X >= 9) = 1 − 11/1024
  });

  it("McNemar's chi-square with continuity correction: 2.5, p = 0.1138", () => {
    const r = mcnemarChiSquare(8, 2);
    expect(r.statistic).toBe(2.5);
    expect(r.p).toBeCloseTo(0.1138, 4);
  });

  it('Wilcoxon signed-rank: W+ = 42.5, z = 1.48669, p = 0.137096', () => {
    const r = wilcoxonSignedRank([0.1, -0.2, 0, 0.3, 0.3, -0.1, 0.2, 0.4, 0, 0.5, -0.3, 0.2]);
    expect(r.statistic).toBe(42.5);
    expect(r.n).toBe(10);
    expect(r.method).toBe('normal');
    expect(r.z).toBeCloseTo(1.48669, 5);
    expect(r.p.twoSided).toBeCloseTo(0.137096, 6);
  });

  it('Mann–Whitney U: U = 30, z = 1.22271, p = 0.221438', () => {
    const r = mannWhitneyU([1.1, 2, 2, 3.5, 4, 4, 5.2], [0.9, 1.5, 2, 2.2, 3, 3.1]);
    expect(r.statistic).toBe(30);
    expect(r.z).toBeCloseTo(1.22271, 5);
    expect(r.p.twoSided).toBeCloseTo(0.221438, 6);
  });

  it('SPRT boundaries for alpha 0.05, beta 0.2: A = 2.772589, B = −1.558145', () => {
    const b = sprtBoundaries(0.05, 0.2);
    expect(b.upper).toBeCloseTo(2.772589, 6);
    expect(b.lower).toBeCloseTo(-1.558145, 6);
  });

  it('mSPRT: mean 0.1, n 100, variance 0.25, tau² 0.01 gives Λ = 2.21506', () => {
    expect(msprtLambda(0.1, 100, 0.25, 0.01)).toBeCloseTo(2.21506, 5);
  });
});

describe('one-sided p-values and exact distributions (checked against scipy)', () => {
  it('one-sided signed-rank and rank-sum p-values match scipy', () => {
    const w = wilcoxonSignedRank([0.1, -0.2, 0, 0.3, 0.3, -0.1, 0.2, 0.4, 0, 0.5, -0.3, 0.2]);
    expect(w.p.greater).toBeCloseTo(0.06854824075511586, 10); // scipy wilcoxon(alternative='greater')
    const u = mannWhitneyU([1.1, 2, 2, 3.5, 4, 4, 5.2], [0.9, 1.5, 2, 2.2, 3, 3.1]);
    expect(u.p.less).toBeCloseTo(0.9141185309039399, 10); // scipy mannwhitneyu(alternative='less')
  });

  it('small samples without ties use the exact null distributions', () => {
    const w = wilcoxonSignedRank([1.5, -0.2, 3.1, 0.7, 2.2, -1.1, 0.4]);
    expect(w.method).toBe('exact');
    expect(w.p.twoSided).toBeCloseTo(0.15625, 12);
    expect(w.p.greater).toBeCloseTo(0.078125, 12);
    const u = mannWhitneyU([1.5, 3.2, 4.1, 5.5], [0.2, 1.1, 2.3]);
    expect(u.method).toBe('exact');
    expect(u.p.twoSided).toBeCloseTo(0.11428571428571428, 12);
    expect(u.p.greater).toBeCloseTo(0.05714285714285714, 12);
  });

  it('the normal CDF is accurate to double precision', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 7); // relative accuracy in the far tail
  });

  it('no discordant pairs and no non-zero differences give p = 1', () => {
    expect(mcnemarExact(0, 0).p.twoSided).toBe(1);
    expect(wilcoxonSignedRank([0, 0, 0]).p.twoSided).toBe(1);
    expect(mannWhitneyU([], [1, 2]).p.twoSided).toBe(1);
  });

  it('exact McNemar stays finite and correct for a large number of discordant pairs', () => {
    const r = mcnemarExact(600, 400);
    expect(r.p.less).toBeGreaterThan(0);
    expect(r.p.less).toBeLessThan(1e-9);
    expect(r.p.twoSided).toBeCloseTo(2 * r.p.less, 12);
  });
});

describe('sequential checks', () => {
  it('SPRT stops at the first crossing of ln((1−β)/α): the ninth regression with p1 0.7', () => {
    const regression = { baseline: true, candidate: false };
    const same = { baseline: true, candidate: true };
    const pairs = [same, ...Array.from({ length: 12 }, () => regression), same];
    const r = sprtPassFail(pairs, { alpha: 0.05, beta: 0.2, p1: 0.7 });
    expect(r.decision).toBe('regression');
    // ln(1.4) = 0.33647; 9 regressions give 3.028 ≥ 2.7726, 8 give 2.692.
    expect(r.regressions).toBe(9);
    expect(r.steps).toBe(10);
  });

  it('SPRT accepts "no regression" on improvements and continues when undecided', () => {
    const improvement = { baseline: false, candidate: true };
    const r = sprtPassFail(Array.from({ length: 5 }, () => improvement), { alpha: 0.05, beta: 0.2, p1: 0.7 });
    // ln(0.6) = −0.5108 per improvement: 4 give −2.043 ≤ −1.558.
    expect(r).toMatchObject({ decision: 'no-regression', steps: 4 });
    expect(sprtPassFail([{ baseline: true, candidate: false }], { alpha: 0.05, beta: 0.2, p1: 0.7 }).decision).toBe('continue');
    expect(() => sprtPassFail([], { alpha: 0.05, beta: 0.2, p1: 0.4 })).toThrow(/p1/);
  });

  it('mSPRT rejects once Λ reaches 1/alpha and keeps the smallest p', () => {
    const r = msprt(Array.from({ length: 400 }, (_, i) => (i % 2 ? 0.6 : 0.2)), { alpha: 0.05, tau2: 0.01, variance: 0.04 });
    expect(r.decision).toBe('reject');
    expect(r.lambda).toBeGreaterThanOrEqual(20);
    expect(r.p).toBeLessThanOrEqual(0.05);
    expect(msprt([0.01, -0.01, 0.02], { alpha: 0.05, tau2: 0.01, variance: 0.25 }).decision).toBe('continue');
  });
});
