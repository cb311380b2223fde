/**
 * Whether two glob patterns can match a common string. An allow rule `Bash(npm run *)` and a policy
 * entry `npm run deploy*` overlap: the rule would approve a command the policy forbids. The check is
 * exact for the pattern language below, by a walk over pairs of positions in both patterns (the
 * product of their automata), so it never guesses from examples.
 *
 * Two dialects:
 * - `command` (Claude Code's Bash rules): `*` matches any text, `/` included.
 * - `path` (gitignore-style, as Read/Edit rules and policy paths): `*` matches within one path
 *   segment, `**` across segments, a leading or inner `**∕` may match no folder at all, and a
 *   trailing `/` means everything inside the folder.
 */

export type GlobDialect = 'command' | 'path';

type Token = { literal: string } | { star: 'segment' | 'any' };

export function globsOverlap(a: string, b: string, dialect: GlobDialect): boolean {
  const left = variants(a, dialect).map((v) => tokenize(v, dialect));
  const right = variants(b, dialect).map((v) => tokenize(v, dialect));
  return left.some((x) => right.some((y) => intersects(x, y)));
}

/** `**∕` may stand for no folder: `**∕auth/**` also matches `auth/x`. Expanded into alternatives. */
function variants(pattern: string, dialect: GlobDialect): string[] {
  if (dialect === 'command') return [pattern];
  let base = pattern.endsWith('/') ? pattern + '**' : pattern;
  if (base.startsWith('/')) base = base.slice(1);
  let out = [base];
  for (let guard = 0; guard < 4 && out.some((p) => p.includes('**/')); guard++) {
    out = out.flatMap((p) => {
      const at = p.indexOf('**/');
      if (at < 0) return [p];
      const kept = p.slice(0, at) + '\u0001' + p.slice(at + 3);
      const dropped = p.slice(0, at) + p.slice(at + 3);
      return [kept, dropped];
    });
  }
  return out.map((p) => p.replaceAll('\u0001', '**/'));
}

function tokenize(pattern: string, dialect: GlobDialect): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '*') {
      tokens.push({ literal: pattern[i] });
      continue;
    }
    let j = i;
    while (pattern[j + 1] === '*') j++;
    tokens.push({ star: dialect === 'command' || j > i ? 'any' : 'segment' });
    i = j;
  }
  return tokens;
}

/** Breadth-first search of the product automaton over an alphabet of the literal characters, `/` and one "other". */
function intersects(a: Token[], b: Token[]): boolean {
  const alphabet = new Set<string>(['/', '\u0000']);
  for (const t of [...a, ...b]) if ('literal' in t) alphabet.add(t.literal);
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const queue: Array<[number, number]> = [];
  const push = (i: number, j: number) => {
    const key = i * width + j;
    if (seen[key]) return;
    seen[key] = 1;
    queue.push([i, j]);
  };
  push(0, 0);
  while (queue.length > 0) {
    const [i, j] = queue.shift()!;
    if (i === a.length && j === b.length) return true;
    // A star may match nothing.
    if (i < a.length && 'star' in a[i]) push(i + 1, j);
    if (j < b.length && 'star' in b[j]) push(i, j + 1);
    for (const c of alphabet) {
      const nextA = step(a, i, c);
      if (nextA === undefined) continue;
      const nextB = step(b, j, c);
      if (nextB !== undefined) push(nextA, nextB);
    }
  }
  return false;
}

function step(tokens: Token[], i: number, c: string): number | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if ('literal' in t) return t.literal === c ? i + 1 : undefined;
  if (t.star === 'segment' && c === '/') return undefined;
  return i;
}
