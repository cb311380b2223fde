import type { Rule } from '../types.js';
import { broadGrant } from '../../policy/index.js';
import { settingsFiles } from './settings.js';

export const broadAllow: Rule = {
  id: 'permissions/broad-allow',
  severity: 'error',
  description: 'A Claude Code allow rule grants far more than it seems to: all of Bash, a runner (npx, docker, bash -c), curl, any web domain, every MCP server.',
  *check({ workspace }) {
    for (const settings of settingsFiles(workspace)) {
      for (const { rule, line } of settings.allow) {
        const broad = broadGrant(rule);
        if (!broad) continue;
        yield { message: `Allow rule "${rule.text}" ${broad.reason}, without asking. Narrow it to the commands or tools the agent needs, or move it to "ask".`, file: settings.doc.file.path, line, severity: broad.severity };
      }
    }
  },
};
