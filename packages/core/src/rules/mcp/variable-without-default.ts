import { posix } from 'node:path';
import type { Rule } from '../types.js';
import { governedDir } from '../../mcp/index.js';
import { referencesByField } from '../../mcp/checks.js';
import { locatedServers } from './servers.js';

/** Set by Claude Code for every plugin server; CLAUDE_PROJECT_DIR only for plugins. */
const PLUGIN_VARIABLES = new Set(['CLAUDE_PLUGIN_ROOT', 'CLAUDE_PLUGIN_DATA', 'CLAUDE_PROJECT_DIR']);

export const variableWithoutDefault: Rule = {
  id: 'mcp/variable-without-default',
  severity: 'warning',
  description: 'A shared .mcp.json uses ${VAR} without a default; where VAR is unset, Claude Code passes the literal text.',
  *check({ workspace }) {
    const paths = new Set(workspace.allPaths);
    for (const { server, lineAt } of locatedServers(workspace)) {
      // Only Claude Code's format has `${VAR:-default}`; elsewhere there is nothing to add.
      if (server.flavor !== 'claude-code') continue;
      const dir = governedDir(server.file);
      const inPlugin = paths.has(posix.join(dir, '.claude-plugin/plugin.json'));
      for (const ref of referencesByField(server)) {
        if (ref.kind !== 'env' || ref.hasDefault || (inPlugin && PLUGIN_VARIABLES.has(ref.name))) continue;
        const field = ref.field.map((f) => (typeof f === 'number' ? `[${f}]` : `.${f}`)).join('').slice(1);
        yield {
          message: `MCP server "${server.name}" uses ${ref.text} in \`${field}\` without a default; where ${ref.name} is unset the server gets the literal text. Write \${${ref.name}:-} (or a real default) and document the variable.`,
          file: server.file,
          line: lineAt(...ref.field),
        };
      }
    }
  },
};
