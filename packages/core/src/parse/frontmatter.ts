import type { Located, ParseProblem } from './types.js';
import { parseYaml } from './yaml.js';

export interface Frontmatter {
  /** Parsed YAML, or undefined when there is none or it does not parse. */
  data: Located | undefined;
  /** `missing`: no leading `---`; `unclosed`: no closing `---`. */
  status: 'ok' | 'missing' | 'unclosed';
  /** The raw YAML text between the fences. */
  raw: string;
  /** The markdown after the closing fence. */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  problems: ParseProblem[];
}

/** Splits `---` YAML frontmatter from markdown. CRLF line endings are accepted, as Claude Code does. */
export function parseFrontmatter(text: string): Frontmatter {
  const lines = text.split('\n');
  if (lines[0]?.replace(/\r$/, '') !== '---') {
    return { data: undefined, status: 'missing', raw: '', body: text, bodyLine: 1, problems: [] };
  }
  const close = lines.findIndex((line, i) => i > 0 && /^---\s*$/.test(line.replace(/\r$/, '')));
  if (close < 0) {
    return { data: undefined, status: 'unclosed', raw: '', body: text, bodyLine: 1, problems: [] };
  }
  const raw = lines.slice(1, close).map((l) => l.replace(/\r$/, '')).join('\n');
  const data = parseYaml(raw, 1);
  return {
    data,
    status: 'ok',
    raw,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
    problems: data.problems,
  };
}
