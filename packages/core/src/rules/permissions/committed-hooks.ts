import type { Rule } from '../types.js';
import { redactSecrets } from '../../secrets/index.js';
import { isRecord, settingsFiles } from './settings.js';

export const committedHooks: Rule = {
  id: 'permissions/committed-hooks',
  severity: 'warning',
  description: 'A committed Claude Code settings file defines hooks: shell commands that run on every matching event for everyone who opens the repository.',
  *check({ workspace }) {
    for (const settings of settingsFiles(workspace)) {
      const hooks = settings.value.hooks;
      if (!isRecord(hooks)) continue;
      for (const [event, groups] of Object.entries(hooks)) {
        if (!Array.isArray(groups)) continue;
        for (const [g, group] of groups.entries()) {
          const list: unknown[] = isRecord(group) && Array.isArray(group.hooks) ? group.hooks : [];
          for (const [h, hook] of list.entries()) {
            if (!isRecord(hook) || typeof hook.command !== 'string') continue;
            yield {
              message: `${event} hook runs \`${redactSecrets(hook.command)}\` for everyone who trusts this repository; review it like code that runs on their machines.`,
              file: settings.doc.file.path,
              line: settings.lineOf(['hooks', event, g, 'hooks', h, 'command']),
            };
          }
        }
      }
    }
  },
};
