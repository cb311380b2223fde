import type { SourceFile } from '../files/index.js';

/**
 * Inline suppressions, written in any comment syntax the file allows:
 *   <!-- agentship-disable-next-line skill/body-length -->
 *   # agentship-disable-line secret
 *   <!-- agentship-disable-file instructions -->
 * A directive without ids covers every rule; ids may be rule ids or families, comma or space separated.
 * `agentship:allow` on a line is the short form for secrets, as `gitleaks:allow` is for gitleaks.
 */
export interface Directives {
  suppresses(ruleId: string, line: number | undefined): boolean;
}

const DIRECTIVE = /agentship-disable-(next-line|line|file)\b([^\n]*)/g;

interface Entry {
  scope: 'line' | 'file';
  line: number;
  ids: string[];
}

export function parseDirectives(file: SourceFile): Directives {
  const entries: Entry[] = [];
  if (file.text.includes('agentship')) {
    for (const match of file.text.matchAll(DIRECTIVE)) {
      const at = file.lineAt(match.index ?? 0);
      const ids = match[2]
        .replace(/-->.*$/, '')
        .replace(/\*\/.*$/, '')
        .split(/[\s,]+/)
        .filter((s) => /^[a-z]+(\/[a-z0-9-]+)?$/.test(s));
      if (match[1] === 'file') entries.push({ scope: 'file', line: at, ids });
      else entries.push({ scope: 'line', line: match[1] === 'next-line' ? at + 1 : at, ids });
    }
    for (const match of file.text.matchAll(/agentship:allow/g)) {
      entries.push({ scope: 'line', line: file.lineAt(match.index ?? 0), ids: ['secret'] });
    }
  }
  return {
    suppresses(ruleId, line) {
      return entries.some(
        (e) =>
          (e.scope === 'file' || (line !== undefined && e.line === line)) &&
          (e.ids.length === 0 || e.ids.some((id) => id === ruleId || ruleId.startsWith(id + '/'))),
      );
    },
  };
}
