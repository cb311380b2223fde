/**
 * Canary routing: which arm a task goes to, as a pure function of (salt, key) that any runtime can
 * reimplement (docs/routing.md has Python and Go versions and the test vectors).
 *
 *   hash   = MurmurHash3 x86_32 of the UTF-8 bytes of `${salt}:${key}`, seed 0   (Unleash's key form)
 *   bucket = ((hash * 10000) >> 32) / 100      in [0, 100), steps of 0.01       (flagd's multiply-shift)
 *   arm    = bucket < weight ? candidate : baseline
 *
 * The multiply-shift spreads the 32-bit hash evenly (no modulo bias) and the `<` on a fixed hash
 * makes ramps monotone: every key in the 10% canary stays in it at 20%.
 */

/** The version of the bucket function; recorded with every routing decision and canary weight. */
export const ROUTING_HASH_VERSION = 1;

/** MurmurHash3 x86_32 of bytes (Austin Appleby's reference), as an unsigned 32-bit integer. */
export function murmur3(bytes: Uint8Array, seed = 0): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = bytes.length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // The 1 to 3 trailing bytes, little-endian.
  const tail = bytes.length & 3;
  if (tail) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2] << 16;
    if (tail >= 2) k ^= bytes[blocks + 1] << 8;
    k ^= bytes[blocks];
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const encoder = new TextEncoder();

/** The 32-bit hash of a routing key: murmur3 of UTF-8 `${salt}:${key}`. */
export function routingHash(salt: string, key: string): number {
  return murmur3(encoder.encode(`${salt}:${key}`), 0);
}

/** Maps a 32-bit hash onto [0, buckets) without modulo bias: (hash * buckets) >> 32. */
export function scaleHash(hash: number, buckets: number): number {
  return Number((BigInt(hash >>> 0) * BigInt(buckets)) >> 32n);
}

/** The bucket of a key in [0, 100), in hundredths (0, 0.01, ..., 99.99). */
export function bucket(salt: string, key: string): number {
  return scaleHash(routingHash(salt, key), 10000) / 100;
}

export type Arm = 'candidate' | 'baseline';

/** The arm of a key at a canary weight (percent of traffic on the candidate, 0..100). */
export function route(salt: string, key: string, weight: number): Arm {
  if (!Number.isFinite(weight) || weight < 0 || weight > 100) throw new RangeError(`The canary weight must be a number from 0 to 100 (got ${weight}).`);
  return bucket(salt, key) < weight ? 'candidate' : 'baseline';
}

/** Published test vectors (docs/routing.md); a reimplementation must reproduce each. */
export const ROUTING_TEST_VECTORS: ReadonlyArray<{ salt: string; key: string; hash: number; bucket: number }> = [
  { salt: 'checkout-v2', key: 'task-1', hash: 3687139408, bucket: 85.84 },
  { salt: 'checkout-v2', key: 'task-2', hash: 1655536858, bucket: 38.54 },
  { salt: 'canary', key: 'user-42', hash: 2865668728, bucket: 66.72 },
  { salt: 'release-2025-01', key: 'issue#1234', hash: 1191590860, bucket: 27.74 },
  { salt: '', key: 'a', hash: 4144280998, bucket: 96.49 },
  { salt: 'x', key: '', hash: 2554223185, bucket: 59.47 },
  { salt: 'salt', key: 'ключ', hash: 1591948731, bucket: 37.06 },
];
