import { describe, expect, it } from 'vitest';
import { bucket, murmur3, route, routingHash, ROUTING_TEST_VECTORS, scaleHash } from '@agentship/core/routing';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('routing', () => {
  it('murmur3 reproduces the Unleash vectors (research/canary.md §6.1): 123/gr1 → 73, 999/groupX → 25', () => {
    expect((murmur3(utf8('gr1:123')) % 100) + 1).toBe(73);
    expect((murmur3(utf8('groupX:999')) % 100) + 1).toBe(25);
  });

  it('the multiply-shift reproduces flagd (§6.3): headerColor + foo@foo.com hashes to 3455740957, bucket 80 of 100', () => {
    const h = murmur3(utf8('headerColorfoo@foo.com'));
    expect(h).toBe(3455740957);
    expect(scaleHash(h, 100)).toBe(80);
  });

  it('reproduces every published test vector of docs/routing.md', () => {
    for (const v of ROUTING_TEST_VECTORS) {
      expect(routingHash(v.salt, v.key)).toBe(v.hash);
      expect(bucket(v.salt, v.key)).toBe(v.bucket);
    }
  });

  it('buckets lie in [0, 100) in hundredths, spread evenly', () => {
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const b = bucket('spread', `task-${i}`);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(100);
      expect(Math.abs(b * 100 - Math.round(b * 100))).toBeLessThan(1e-6);
      counts[Math.floor(b / 10)]++;
    }
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('ramps are monotone: every key in the 10% canary stays in it at 20%', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}`);
    const at10 = keys.filter((k) => route('ramp', k, 10) === 'candidate');
    const at20 = new Set(keys.filter((k) => route('ramp', k, 20) === 'candidate'));
    expect(at10.length).toBeGreaterThan(150);
    expect(at10.every((k) => at20.has(k))).toBe(true);
    expect(keys.every((k) => route('ramp', k, 0) === 'baseline' && route('ramp', k, 100) === 'candidate')).toBe(true);
    expect(() => route('ramp', 'k', 101)).toThrow(RangeError);
  });

  it('the salt changes the split', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const a = keys.map((k) => route('a', k, 50));
    const b = keys.map((k) => route('b', k, 50));
    expect(a).not.toEqual(b);
  });
});
