import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown, formatPercentChange, formatShare, formatSignedUsd, formatUsd, markdownCode,
} from '../src/text/index.js';

describe('escapeMarkdown', () => {
  it('keeps a table row one row and its text literal', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeMarkdown('x\ny\r\nz\rw')).toBe('x y z w');
    expect(escapeMarkdown('<script>')).toBe('&lt;script>');
    expect(escapeMarkdown('C:\\dir')).toBe('C:\\\\dir');
    expect(escapeMarkdown('one ` tick')).toBe('one \\` tick');
  });

  it('leaves code spans code, escaping only their pipes', () => {
    expect(escapeMarkdown('reject `<` and `a|b`')).toBe('reject `<` and `a\\|b`');
    expect(escapeMarkdown('``x`y``')).toBe('``x`y``');
  });
});

describe('markdownCode', () => {
  it('fences text longer than any backtick run in it', () => {
    expect(markdownCode('a|b')).toBe('`a\\|b`');
    expect(markdownCode('<x>')).toBe('`<x>`');
    expect(markdownCode('run `x` now')).toBe('``run `x` now``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
  });
});

describe('money and percent', () => {
  it('formats dollars by magnitude, rounding before choosing the unit', () => {
    const amounts = [0, -0, 0.5, 0.0123, 0.000123, 0.00999, 1, 99.994, 99.999, 1234.5, -1234.5];
    expect(amounts.map(formatUsd)).toEqual([
      '$0.00', '$0.00', '$0.50', '$0.012', '$0.00012', '$0.010', '$1.00', '$99.99', '$100',
      '$1,235', '-$1,235',
    ]);
    expect(formatUsd(-0.5)).toBe('-$0.50');
    expect([NaN, Infinity, -Infinity].map(formatUsd)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(formatUsd(1e9)).toBe('$1,000,000,000');
  });

  it('signs changes', () => {
    const changes = [3, -3, 0, 0.001].map(formatSignedUsd);
    expect(changes).toEqual(['+$3.00', '-$3.00', '$0.00', '+$0.0010']);
    expect([12.345, 1.26, -0.04, 0, -12.5, NaN].map(formatPercentChange)).toEqual([
      '+12%', '+1.3%', '0%', '0%', '-13%', 'unknown',
    ]);
    const shares = [0.953, 1, 0, -0.0004, NaN].map(formatShare);
    expect(shares).toEqual(['95.3%', '100%', '0%', '0%', 'unknown']);
  });
});
