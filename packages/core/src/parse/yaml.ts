import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Located, ParseProblem } from './types.js';

/**
 * Parses YAML keeping positions. Duplicate keys, tabs used as indentation and other YAML errors
 * come back as problems with a line; the value is still produced where the parser can.
 * `lineOffset` shifts lines for YAML embedded in a larger file (frontmatter).
 */
export function parseYaml(text: string, lineOffset = 0): Located {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    return { value: undefined, problems: [{ message: String(error), line: 1 + lineOffset, severity: 'error' }], lineOf: () => 1 + lineOffset };
  }
  const problems: ParseProblem[] = [];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    problems.push({ message: cleanYamlMessage(error.message, error.code), line: pos.line + lineOffset, column: pos.col, severity: 'error' });
  }
  for (const warning of doc.warnings) {
    const pos = lineCounter.linePos(warning.pos[0]);
    problems.push({ message: cleanYamlMessage(warning.message, warning.code), line: pos.line + lineOffset, column: pos.col, severity: 'warning' });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push({ message: `YAML could not be converted: ${(error as Error).message}`, line: 1 + lineOffset, severity: 'error' });
  }
  const lineOf = (path: readonly (string | number)[]): number => {
    let node: unknown = doc.contents;
    let best = node && (node as Node).range ? lineAt((node as Node).range![0]) : 1 + lineOffset;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
        if (!pair) return best;
        const keyNode = pair.key as Node;
        if (keyNode?.range) best = lineAt(keyNode.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        if ((node as Node)?.range) best = lineAt((node as Node).range![0]);
      } else return best;
    }
    return best;
  };
  return { value, problems, lineOf };
}

function cleanYamlMessage(message: string, code: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `Duplicate key: ${first.replace(/^Map keys must be unique;?\s*/, '') || 'map keys must be unique'}`;
  if (code === 'TAB_AS_INDENT') return 'Tabs are not allowed as YAML indentation.';
  return first;
}
