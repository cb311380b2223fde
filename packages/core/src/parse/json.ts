import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Located, ParseProblem } from './types.js';

export interface JsonOptions {
  /** VS Code's mcp.json and settings allow comments and trailing commas; Claude Code settings do not. */
  allowComments: boolean;
}

/** Parses JSON with positions; syntax errors and duplicate keys are problems with a line, never exceptions. */
export function parseJson(text: string, options: JsonOptions = { allowComments: false }): Located {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: !options.allowComments,
    allowTrailingComma: options.allowComments,
    allowEmptyContent: false,
  });
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const pos = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const problems: ParseProblem[] = errors.map((e) => ({
    message: `Invalid JSON: ${describeJsonError(printParseErrorCode(e.error))}`,
    ...pos(e.offset),
    severity: 'error' as const,
  }));
  if (root) collectDuplicateKeys(root, (node, key) => problems.push({ message: `Duplicate key "${key}": the last one wins.`, ...pos(node.offset), severity: 'warning' }));
  const value = root && errors.length === 0 ? nodeToValue(root) : root ? safeValue(root) : undefined;
  const lineOf = (path: readonly (string | number)[]): number => {
    if (!root) return 1;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n) as (string | number)[]);
      if (node) {
        const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
        return pos(at).line;
      }
    }
    return 1;
  };
  return { value, problems, lineOf };
}

function describeJsonError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: 'colon expected',
    CommaExpected: 'comma expected',
    CloseBraceExpected: 'closing brace expected',
    CloseBracketExpected: 'closing bracket expected',
    EndOfFileExpected: 'end of file expected',
    InvalidCommentToken: 'comments are not allowed here',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  };
  return words[code] ?? code;
}

function collectDuplicateKeys(node: Node, report: (node: Node, key: string) => void): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const keyNode = property.children?.[0];
      if (keyNode && typeof keyNode.value === 'string') {
        if (seen.has(keyNode.value)) report(keyNode, keyNode.value);
        seen.add(keyNode.value);
      }
    }
  }
  for (const child of node.children ?? []) collectDuplicateKeys(child, report);
}

function nodeToValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [k, v] = property.children ?? [];
        if (k && typeof k.value === 'string') out[k.value] = v ? nodeToValue(v) : undefined;
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeToValue);
    default:
      return node.value;
  }
}

/** Best-effort value of a tree that had errors, so later rules still see what parsed. */
function safeValue(node: Node): unknown {
  try {
    return nodeToValue(node);
  } catch {
    return undefined;
  }
}
