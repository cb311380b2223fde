/** Reads `allowed-tools` in each of its written forms; shared by the format and the risk rules. */

export interface ToolEntry {
  text: string;
  /** The tool name before any `(...)` specifier. */
  tool: string;
  /** The specifier inside the parentheses, if any. */
  specifier?: string;
  /** Index of the list item it came from (lists only), for its line. */
  item?: number;
}

export interface ParsedTools {
  entries: ToolEntry[];
  /** Unbalanced parentheses and other text that is not a tool entry. */
  malformed: Array<{ text: string; item?: number }>;
  /** A comma separates entries of a string value (Claude Code syntax; the spec says spaces). */
  usesCommas: boolean;
}

const ENTRY = /^([A-Za-z_][\w.*-]*)(?:\((.*)\))?$/s;

/** Splits a string of tools on spaces or commas outside parentheses: `Bash(git diff:*) Read`. */
export function splitTools(text: string, item?: number): ParsedTools {
  const result: ParsedTools = { entries: [], malformed: [], usesCommas: false };
  let depth = 0;
  let current = '';
  const flush = () => {
    const entry = current.trim();
    current = '';
    if (!entry) return;
    const match = ENTRY.exec(entry);
    if (!match || depth !== 0) result.malformed.push({ text: entry, item });
    else result.entries.push({ text: entry, tool: match[1], specifier: match[2], item });
  };
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === ',' || /\s/.test(c))) {
      if (c === ',') result.usesCommas = true;
      flush();
    } else current += c;
  }
  flush();
  return result;
}

/** Parses a string or a list of strings; returns undefined for any other shape. */
export function parseAllowedTools(value: unknown): (ParsedTools & { form: 'string' | 'list'; nonStringItems: number[] }) | undefined {
  if (typeof value === 'string') return { ...splitTools(value), form: 'string', nonStringItems: [] };
  if (!Array.isArray(value)) return undefined;
  const out = { entries: [] as ToolEntry[], malformed: [] as ParsedTools['malformed'], usesCommas: false, form: 'list' as const, nonStringItems: [] as number[] };
  value.forEach((item, i) => {
    if (typeof item !== 'string') {
      out.nonStringItems.push(i);
      return;
    }
    const parsed = splitTools(item, i);
    // One list item is one tool; `Bash(git diff:*)` stays whole because its space is inside parentheses.
    if (parsed.entries.length + parsed.malformed.length > 1) out.malformed.push({ text: item, item: i });
    else {
      out.entries.push(...parsed.entries);
      out.malformed.push(...parsed.malformed);
    }
  });
  return out;
}
