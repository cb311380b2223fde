import { createHash } from 'node:crypto';
import type { Endpoint, Provider } from './types.js';

/**
 * Request fields that do not change what the model answers, left out of the key so that a cassette
 * still matches when an agent adds tracing metadata or a user id.
 */
export const IGNORED_REQUEST_FIELDS = ['user', 'metadata', 'stream_options', 'service_tier', 'store', 'prompt_cache_key', 'safety_identifier'];

/** JSON with object keys sorted at every level: the same request always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The request as it is keyed and stored: the body without the ignored fields. */
export function canonicalRequest(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!IGNORED_REQUEST_FIELDS.includes(k)) out[k] = v;
  return sortKeys(out) as Record<string, unknown>;
}

/** The cassette key: sha256 of provider, endpoint and the canonical body, 16 hex characters. */
export function requestKey(provider: Provider, endpoint: Endpoint, body: Record<string, unknown>): string {
  return createHash('sha256').update(`${provider}\n${endpoint}\n${canonicalJson(canonicalRequest(body))}`).digest('hex').slice(0, 16);
}

export interface JsonDifference {
  /** Where, as `messages[1].content`. */
  path: string;
  recorded: unknown;
  requested: unknown;
}

/** The leaves where two JSON values differ, in document order, at most `limit` of them. */
export function diffJson(recorded: unknown, requested: unknown, limit = 20, path = ''): JsonDifference[] {
  const out: JsonDifference[] = [];
  const walk = (a: unknown, b: unknown, at: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}[${i}]`);
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], at ? `${at}.${key}` : key);
      return;
    }
    if (canonicalJson(a) !== canonicalJson(b)) out.push({ path: at || '(body)', recorded: a, requested: b });
  };
  walk(recorded, requested, path);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value shortened for a message: long strings are cut in the middle. */
export function preview(value: unknown, max = 80): string {
  const text = value === undefined ? '(absent)' : typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
  return text.length <= max ? text : `${text.slice(0, max / 2)}…${text.slice(-max / 2 + 1)}`;
}
