import type { Rule } from '../types.js';
import { mcpServerMapOf } from '../../mcp/index.js';

export const unknownShape: Rule = {
  id: 'mcp/unknown-shape',
  severity: 'error',
  description: 'An MCP config has a shape no client reads: no mcpServers, servers or bare map of servers, or an entry that is not an object.',
  *check({ workspace }) {
    for (const doc of workspace.mcpConfigs) {
      const data = doc.data;
      // Syntax errors are config/syntax's; a document that did not parse has no shape to judge.
      if (!data || data.value === undefined || data.problems.some((p) => p.severity === 'error')) continue;
      const map = mcpServerMapOf(data.value, doc.flavor);
      // A generic mcp.json may belong to a tool we do not know: a warning, not an error.
      const severity = doc.flavor === 'generic' ? 'warning' : undefined;
      if (map.shape === 'unknown') {
        const where = map.path.length ? `\`${map.path.join('.')}\` is not an object of servers` : 'no `mcpServers`, `servers` or map of server entries at the top level';
        yield { message: `Not an MCP config any client reads: ${where}.`, file: doc.file.path, line: data.lineOf(map.path), severity };
        continue;
      }
      for (const [name, entry] of Object.entries(map.servers)) {
        if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) continue;
        yield { message: `MCP server "${name}" is not an object; clients skip it.`, file: doc.file.path, line: data.lineOf([...map.path, name]), severity };
      }
    }
  },
};
