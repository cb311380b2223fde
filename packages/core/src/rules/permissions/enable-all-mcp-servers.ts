import type { Rule } from '../types.js';
import { settingsFiles } from './settings.js';

export const enableAllMcpServers: Rule = {
  id: 'permissions/enable-all-mcp-servers',
  severity: 'warning',
  description: 'enableAllProjectMcpServers approves every server in .mcp.json, including ones a later commit adds.',
  *check({ workspace }) {
    for (const settings of settingsFiles(workspace)) {
      if (settings.value.enableAllProjectMcpServers !== true) continue;
      yield { message: '`enableAllProjectMcpServers: true` starts every server in .mcp.json without approval, including ones added by a later commit; list them in `enabledMcpjsonServers` instead.', file: settings.doc.file.path, line: settings.lineOf(['enableAllProjectMcpServers']) };
    }
  },
};
