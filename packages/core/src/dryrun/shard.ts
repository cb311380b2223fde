import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as in `shard: 2/4`. */
  index: number;
  total: number;
}

/** Parses `2/4` (GitHub matrix) or GitLab's CI_NODE_INDEX/CI_NODE_TOTAL pair into a shard. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`shard must look like 2/4 (got "${text}")`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total) throw new Error(`shard ${text}: the index must be between 1 and the total`);
  return { index, total };
}

/**
 * The shard (1-based) a case belongs to: the first 8 hex digits of sha256(id) modulo the total.
 * Stable across runs, machines and languages, and independent of the other cases, so adding a case
 * never moves another.
 */
export function shardOf(caseId: string, total: number): number {
  const h = parseInt(createHash('sha256').update(caseId, 'utf8').digest('hex').slice(0, 8), 16);
  return (h % total) + 1;
}

export function inShard(caseId: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(caseId, shard.total) === shard.index;
}
