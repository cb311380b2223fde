import type { DataFile, Workspace } from '../../discover/index.js';
import { parsePermissionRule, type PermissionRule } from '../../policy/index.js';

/** One allow rule of a Claude Code settings file, with its line. */
export interface LocatedAllowRule {
  rule: PermissionRule;
  line: number;
}

export interface Settings {
  doc: DataFile;
  value: Record<string, unknown>;
  allow: LocatedAllowRule[];
  lineOf(path: readonly (string | number)[]): number;
}

/** The parsed .claude/settings*.json files of the workspace; files that did not parse into an object are skipped. */
export function* settingsFiles(ws: Workspace): Generator<Settings> {
  for (const doc of ws.claudeSettings) {
    const data = doc.data;
    if (!data || !isRecord(data.value)) continue;
    const permissions = data.value.permissions;
    const allow: LocatedAllowRule[] = [];
    if (isRecord(permissions) && Array.isArray(permissions.allow)) {
      permissions.allow.forEach((text, i) => {
        const rule = typeof text === 'string' ? parsePermissionRule(text) : undefined;
        if (rule) allow.push({ rule, line: data.lineOf(['permissions', 'allow', i]) });
      });
    }
    yield { doc, value: data.value, allow, lineOf: data.lineOf };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
