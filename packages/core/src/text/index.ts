/**
 * Text for reports: markdown escaping and money and percent formatting. A leaf module: it
 * imports nothing, so every renderer (report, budget, cost, usage, dryrun, ...) can use it.
 */

/**
 * Escapes text for one markdown table cell or list item. The text may hold code spans written
 * by us (finding messages quote `Tool(specifier)`), so code spans stay code: inside them only
 * pipes are escaped (GFM unescapes `\|` at table level, even in code). Outside them backslashes,
 * `<` and unmatched backticks are escaped, so the text renders as written and never as HTML.
 * Line breaks become spaces: a table row is one line.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  let out = '';
  let i = 0;
  while (i < flat.length) {
    const tick = flat.indexOf('`', i);
    if (tick < 0) {
      out += escapePlain(flat.slice(i));
      break;
    }
    out += escapePlain(flat.slice(i, tick));
    const fence = /^`+/.exec(flat.slice(tick))![0];
    const close = closingFence(flat, tick + fence.length, fence.length);
    if (close < 0) {
      out += '\\`'.repeat(fence.length);
      i = tick + fence.length;
      continue;
    }
    out += fence + flat.slice(tick + fence.length, close).replace(/\|/g, '\\|') + fence;
    i = close + fence.length;
  }
  return out;
}

/** A code span (for a file path or an id) that shows `text` literally inside a table cell. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function escapePlain(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** Where the run of exactly `length` backticks that closes a code span starts, or -1. */
function closingFence(text: string, from: number, length: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let m = runs.exec(text); m; m = runs.exec(text)) if (m[0].length === length) return m.index;
  return -1;
}

/**
 * US dollars for people: whole dollars from $100 (`$1,177`), cents from $1 (`$96.50`), two
 * significant digits below a dollar so that dry-run costs of a fraction of a cent still show
 * (`$0.0012`). Rounded before the unit is chosen, so 99.999 is `$100`. `unknown` when not finite.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return 'unknown';
  const abs = Math.abs(usd);
  const cents = Math.round(abs * 100) / 100;
  let text: string;
  if (cents >= 100) text = Math.round(abs).toLocaleString('en-US');
  else if (cents >= 1 || abs === 0) text = cents.toFixed(2);
  else text = smallAmount(abs);
  const negative = usd < 0 && /[1-9]/.test(text);
  return `${negative ? '-' : ''}$${text}`;
}

/** A change in US dollars: `+$3.00`, `-$3.00`, `$0.00`. */
export function formatSignedUsd(usd: number): string {
  const text = formatUsd(usd);
  return usd > 0 && /[1-9]/.test(text) ? `+${text}` : text;
}

/** A share (0.953) as a percent: one decimal, none when whole (`95.3%`, `100%`). */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return 'unknown';
  return `${noNegativeZero(Math.round(share * 1000) / 10)}%`;
}

/** A change already in percent (12.345) with its sign: whole from 10% (`+12%`), else `+1.3%`. */
export function formatPercentChange(percent: number): string {
  if (!Number.isFinite(percent)) return 'unknown';
  const abs = Math.abs(percent);
  const magnitude = abs >= 10 ? Math.round(abs) : Math.round(abs * 10) / 10;
  const rounded = noNegativeZero(Math.sign(percent) * magnitude);
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}

function smallAmount(abs: number): string {
  // Two significant digits, at least two decimals: 0.5 -> 0.50, 0.0123 -> 0.012.
  const rounded = Number(abs.toPrecision(2));
  return rounded.toFixed(Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(rounded)))));
}

function noNegativeZero(value: number): number {
  return Object.is(value, -0) ? 0 : value;
}
