import { loadO200k, type CountO200k } from './o200k-loader.js';

/**
 * The one place that knows which tokenizer library is used. Everything else counts through
 * `Tokenizer`, so a swap is a change here only.
 */
export interface Tokenizer {
  readonly encoding: string;
  count(text: string): number;
}

const noSpecialTokens = { disallowedSpecial: new Set<string>() };

let loadedO200k: CountO200k | undefined;
function countO200k(text: string, options: typeof noSpecialTokens): number {
  loadedO200k ??= loadO200k();
  return loadedO200k(text, options);
}

/**
 * BPE merging is quadratic in the length of one pre-token, and a long run without whitespace
 * (a base64 blob, a minified line) is one pre-token: 100,000 letters took 20 s. Such runs are
 * counted in slices of this many characters, which adds at most one token per slice.
 */
export const LONG_RUN_SLICE = 1000;
const LONG_RUN = new RegExp(`\\S{${LONG_RUN_SLICE * 2},}`, 'g');

function countO200kBounded(text: string): number {
  if (text.length < LONG_RUN_SLICE * 2 || !LONG_RUN.test(text)) return countO200k(text, noSpecialTokens);
  LONG_RUN.lastIndex = 0;
  let total = 0;
  let last = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    const start = match.index ?? 0;
    if (start > last) total += countO200k(text.slice(last, start), noSpecialTokens);
    for (let i = 0; i < match[0].length; i += LONG_RUN_SLICE) total += countO200k(match[0].slice(i, i + LONG_RUN_SLICE), noSpecialTokens);
    last = start + match[0].length;
  }
  if (last < text.length) total += countO200k(text.slice(last), noSpecialTokens);
  return total;
}

/**
 * o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series): exact, except inside runs of 2,000+ characters
 * without whitespace (see LONG_RUN_SLICE). Special-token strings count as text.
 */
export const o200k: Tokenizer = {
  encoding: 'o200k_base',
  count: (text) => (text.length === 0 ? 0 : countO200kBounded(text)),
};

export interface TokenFamily {
  family: string;
  /** How model ids of this family start (lower case). */
  prefixes: string[];
  /** Multiplier applied to o200k counts; 1 with `exact` for OpenAI's o200k models. */
  ratio: number;
  low: number;
  high: number;
  exact: boolean;
  source: string;
}

/**
 * Ratios from research (tokens-pricing-secrets.md section 2.3-2.4). Claude has no public tokenizer
 * since Claude 3, so its counts are estimates with a range; Opus 4.7+ uses a larger tokenizer.
 */
export const TOKEN_FAMILIES: TokenFamily[] = [
  { family: 'openai-o200k', prefixes: ['gpt-4o', 'gpt-4.1', 'gpt-4.5', 'gpt-5', 'o1', 'o3', 'o4', 'chatgpt-4o', 'gpt-oss', 'codex'], ratio: 1, low: 1, high: 1, exact: true, source: 'o200k_base' },
  { family: 'claude-4.7+', prefixes: ['claude-opus-4-7', 'claude-opus-4-8', 'claude-opus-5', 'claude-sonnet-5', 'claude-haiku-5'], ratio: 1.6, low: 1.2, high: 1.75, exact: false, source: 'o200k x 1.2 x (1.0-1.47), research 2.4' },
  { family: 'claude', prefixes: ['claude'], ratio: 1.2, low: 1.16, high: 1.3, exact: false, source: 'o200k x 1.16-1.30, research 2.4' },
  { family: 'gemini', prefixes: ['gemini', 'gemma'], ratio: 1.08, low: 1.0, high: 1.16, exact: false, source: 'o200k x 1.08 (ai-tokenizer calibration)' },
];

const FALLBACK_FAMILY: TokenFamily = { family: 'unknown', prefixes: [], ratio: 1.2, low: 1.0, high: 1.5, exact: false, source: 'o200k x 1.0-1.5 (no calibration for this model)' };

export function tokenFamily(model: string): TokenFamily {
  const id = model.toLowerCase().replace(/^[a-z-]+\//, '');
  return TOKEN_FAMILIES.find((f) => f.prefixes.some((p) => id.startsWith(p))) ?? FALLBACK_FAMILY;
}

export interface TokenEstimate {
  model: string;
  family: string;
  tokens: number;
  low: number;
  high: number;
  exact: boolean;
}

/** Converts an o200k count into a count for `model`: exact for o200k models, a range otherwise. */
export function estimateForModel(o200kTokens: number, model: string): TokenEstimate {
  const f = tokenFamily(model);
  return {
    model,
    family: f.family,
    tokens: Math.round(o200kTokens * f.ratio),
    low: Math.round(o200kTokens * f.low),
    high: Math.round(o200kTokens * f.high),
    exact: f.exact,
  };
}

/** Counts are cached by text: the same instruction file is counted once however many chains include it. */
export class TokenCache {
  private readonly cache = new Map<string, number>();
  constructor(private readonly tokenizer: Tokenizer = o200k) {}
  count(text: string): number {
    let n = this.cache.get(text);
    if (n === undefined) {
      n = this.tokenizer.count(text);
      this.cache.set(text, n);
    }
    return n;
  }
}
