import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { estimateForModel, LONG_RUN_SLICE, o200k, tokenFamily } from '../src/tokens/index.js';

describe('o200k', () => {
  it('counts like gpt-tokenizer on ordinary text, special-token strings included', () => {
    const text = 'hello world\n'.repeat(300) + 'x <|endoftext|> y';
    expect(o200k.count(text)).toBe(countTokens(text, { disallowedSpecial: new Set() }));
    expect(o200k.count('hello world')).toBe(2);
    expect(o200k.count('')).toBe(0);
  });

  it('counts long runs without whitespace in slices, within one token per slice of exact', () => {
    const run = 'ab'.repeat(LONG_RUN_SLICE * 2);
    const text = `before ${run} after`;
    const exact = countTokens(text);
    const sliced = o200k.count(text);
    expect(Math.abs(sliced - exact)).toBeLessThanOrEqual(run.length / LONG_RUN_SLICE + 1);
    // Below the threshold the count is exact.
    const short = 'ab'.repeat(LONG_RUN_SLICE - 1);
    expect(o200k.count(short)).toBe(countTokens(short));
  });
});

describe('estimateForModel', () => {
  it('is exact for o200k models and a range for families without a public tokenizer', () => {
    expect(estimateForModel(1000, 'gpt-4o-mini')).toMatchObject({ tokens: 1000, low: 1000, high: 1000, exact: true });
    const claude = estimateForModel(1000, 'claude-sonnet-4-5');
    expect(claude.exact).toBe(false);
    expect(claude.low).toBeLessThan(claude.tokens);
    expect(claude.high).toBeGreaterThan(claude.tokens);
    expect(tokenFamily('claude-opus-4-7').family).toBe('claude-4.7+');
    expect(tokenFamily('anthropic/claude-3-haiku').family).toBe('claude');
    expect(tokenFamily('gemini-2.5-pro').family).toBe('gemini');
    expect(tokenFamily('some-local-model').family).toBe('unknown');
  });
});
