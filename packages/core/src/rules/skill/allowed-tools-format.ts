import type { Rule } from '../types.js';
import { parsedSkills, yamlType } from './common.js';
import { parseAllowedTools } from './allowed-tools.js';

export const allowedToolsFormat: Rule = {
  id: 'skill/allowed-tools-format',
  severity: 'error',
  description: '`allowed-tools` is a space-separated string of `Tool` or `Tool(specifier)` entries (Claude Code also takes commas or a YAML list).',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if (!('allowed-tools' in s.fields)) continue;
      const value = s.fields['allowed-tools'];
      const line = s.lineOf('allowed-tools');
      const parsed = parseAllowedTools(value);
      if (!parsed) {
        yield { message: `Field 'allowed-tools' must be a string of tools separated by spaces, not ${yamlType(value)}.`, file: s.path, line };
        continue;
      }
      for (const i of parsed.nonStringItems) {
        yield { message: `allowed-tools item ${i + 1} must be a tool name string, not ${yamlType((value as unknown[])[i])}.`, file: s.path, line: s.lineOf('allowed-tools', i) };
      }
      for (const bad of parsed.malformed) {
        yield {
          message: `allowed-tools entry ${JSON.stringify(bad.text)} is not a tool: write \`Tool\` or \`Tool(specifier)\` with balanced parentheses${bad.item !== undefined ? ', one per list item' : ''}.`,
          file: s.path,
          line: bad.item !== undefined ? s.lineOf('allowed-tools', bad.item) : line,
        };
      }
      if (s.profile === 'claude-code') continue;
      // The spec defines a space-separated string; lists and commas are Claude Code's forms.
      if (parsed.form === 'list') {
        yield {
          message: 'allowed-tools is a YAML list; the spec defines a space-separated string (`allowed-tools: Read Bash(git:*)`), and clients other than Claude Code may not read a list.',
          file: s.path,
          line,
          severity: 'warning',
        };
      } else if (parsed.usesCommas) {
        yield {
          message: 'allowed-tools separates tools with commas; the spec separates them with spaces (commas are Claude Code syntax).',
          file: s.path,
          line,
          severity: 'warning',
        };
      }
    }
  },
};
