import type { Rule } from '../types.js';
import { parsedSkills } from './common.js';
import { parseAllowedTools, type ToolEntry } from './allowed-tools.js';

/** Commands that fetch or run arbitrary code: pre-approving them approves anything. */
const RISKY_COMMANDS = ['npx', 'bunx', 'pnpm dlx', 'uvx', 'curl', 'wget', 'sh', 'bash', 'zsh', 'sudo', 'docker', 'eval', 'python', 'python3', 'node', 'rm'];

/** Why an entry grants more than a skill needs, or undefined when it is scoped. */
export function whyBroad(entry: ToolEntry): string | undefined {
  const spec = entry.specifier?.trim();
  if (entry.tool === 'Bash') {
    if (spec === undefined || spec === '' || spec === '*' || spec === ':*') return 'runs any shell command without asking';
    const command = spec.replace(/:\*$/, '').replace(/\s*\*$/, '').trim();
    // `python3 scripts/x.py *` runs one script; `python3 *` or `python3 -c *` runs anything.
    const bare = command.replace(/\s+-[ce]$/, '');
    if (/\*/.test(spec) && RISKY_COMMANDS.includes(bare)) return `runs \`${command}\` with any arguments, which can fetch or execute arbitrary code`;
    return undefined;
  }
  if ((entry.tool === 'Write' || entry.tool === 'Edit' || entry.tool === 'MultiEdit') && (spec === undefined || spec === '' || spec === '*' || spec === '**')) {
    return 'writes any file without asking, including shell profiles and CI config';
  }
  if (entry.tool === 'WebFetch' && (spec === undefined || spec === '' || spec === '*')) return 'fetches any URL without asking';
  return undefined;
}

export const broadToolGrant: Rule = {
  id: 'skill/broad-tool-grant',
  severity: 'warning',
  description: '`allowed-tools` does not pre-approve unrestricted shell, file writes or web fetches (`Bash`, `Bash(curl *)`, `Write`).',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      const parsed = parseAllowedTools(s.fields['allowed-tools']);
      for (const entry of parsed?.entries ?? []) {
        const why = whyBroad(entry);
        if (!why) continue;
        yield {
          message: `allowed-tools pre-approves '${entry.text}' while the skill is active: it ${why}. Scope it (\`Bash(git status:*)\`, \`Write(./out/**)\`) or leave it to the user's permission prompt.`,
          file: s.path,
          line: entry.item !== undefined ? s.lineOf('allowed-tools', entry.item) : s.lineOf('allowed-tools'),
        };
      }
    }
  },
};
