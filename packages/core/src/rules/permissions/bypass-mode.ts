import type { Rule } from '../types.js';
import { isRecord, settingsFiles } from './settings.js';

export const bypassMode: Rule = {
  id: 'permissions/bypass-mode',
  severity: 'error',
  description: 'A committed Claude Code settings file turns permission prompts off (defaultMode bypassPermissions, skipDangerousModePermissionPrompt).',
  *check({ workspace }) {
    for (const settings of settingsFiles(workspace)) {
      const permissions = settings.value.permissions;
      if (isRecord(permissions) && permissions.defaultMode === 'bypassPermissions') {
        yield { message: '`defaultMode: "bypassPermissions"` runs every tool call without asking, for everyone who opens this repository.', file: settings.doc.file.path, line: settings.lineOf(['permissions', 'defaultMode']) };
      }
      if (settings.value.defaultMode === 'bypassPermissions') {
        yield { message: '`defaultMode: "bypassPermissions"` runs every tool call without asking (and belongs under `permissions`).', file: settings.doc.file.path, line: settings.lineOf(['defaultMode']) };
      }
      if (settings.value.skipDangerousModePermissionPrompt === true) {
        yield { message: '`skipDangerousModePermissionPrompt: true` enters bypass mode without the warning prompt.', file: settings.doc.file.path, line: settings.lineOf(['skipDangerousModePermissionPrompt']) };
      }
    }
  },
};
