import type { Rule } from '../types.js';
import { policyOf, policyViolations } from '../../policy/index.js';
import { governedDir } from '../../mcp/index.js';
import { settingsFiles } from './settings.js';

export const policyViolation: Rule = {
  id: 'permissions/policy-violation',
  severity: 'error',
  description: 'An allow rule auto-approves something the security policy says must never be auto-approved or always needs review.',
  *check({ workspace }) {
    const policy = policyOf(workspace.config);
    for (const settings of settingsFiles(workspace)) {
      const rules = settings.allow.map((a) => a.rule);
      // Paths in allow rules are relative to the folder the settings apply to.
      const base = governedDir(settings.doc.file.path);
      const files = base === '' ? workspace.allPaths : workspace.allPaths.filter((f) => f.startsWith(base + '/')).map((f) => f.slice(base.length + 1));
      for (const { rule, line } of settings.allow) {
        const violations = policyViolations(rule, rules.filter((r) => r !== rule), policy, files);
        if (violations.length === 0) continue;
        const what = violations
          .map((v) => `${v.list === 'never-auto-approve' ? 'never auto-approve' : 'always review'} "${v.entry.name}" (${v.entry.reason}; it covers \`${v.matched}\`)`)
          .join('; ');
        const fix = violations.some((v) => v.list === 'never-auto-approve') ? 'Remove it or narrow it' : 'Move it to "ask" or narrow it';
        yield { message: `Allow rule "${rule.text}" breaks the policy: ${what}. ${fix}.`, file: settings.doc.file.path, line };
      }
    }
  },
};
