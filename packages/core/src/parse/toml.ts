import { parse, TomlError } from 'smol-toml';
import type { Located, ParseProblem } from './types.js';

/**
 * Parses TOML. smol-toml keeps no positions, so `lineOf` finds a table header (`[a.b]`) or a
 * `key =` line in the text, which is where a reader would look.
 */
export function parseToml(text: string): Located {
  const problems: ParseProblem[] = [];
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      problems.push({ message: `Invalid TOML: ${error.message.split('\n')[0]}`, line: error.line, column: error.column, severity: 'error' });
    } else problems.push({ message: `Invalid TOML: ${String(error)}`, line: 1, severity: 'error' });
  }
  const lines = text.split('\n');
  const lineOf = (path: readonly (string | number)[]): number => {
    for (let n = path.length; n > 0; n--) {
      const keys = path.slice(0, n).map(String);
      const header = keys.map(tomlKey).join('.');
      const headerRe = new RegExp(`^\\s*\\[\\[?\\s*${escapeRe(header)}\\s*\\]`);
      const idx = lines.findIndex((line) => headerRe.test(line));
      if (idx >= 0) return idx + 1;
      const last = keys[keys.length - 1];
      const keyRe = new RegExp(`^\\s*${escapeRe(tomlKey(last))}\\s*=`);
      const parent = keys.slice(0, -1).map(tomlKey).join('.');
      const parentIdx = parent ? lines.findIndex((line) => new RegExp(`^\\s*\\[\\s*${escapeRe(parent)}\\s*\\]`).test(line)) : 0;
      if (parentIdx >= 0) {
        for (let i = parentIdx; i < lines.length; i++) {
          if (i > parentIdx && /^\s*\[/.test(lines[i]) && parent) break;
          if (keyRe.test(lines[i])) return i + 1;
        }
      }
    }
    return 1;
  };
  return { value, problems, lineOf };
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
