import type { Report, Rule } from '../types.js';
import { proseLines } from './common.js';

const INLINE = /(?:^|[^\\`])!`([^`\n]+)`/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})!/;

export const shellPreprocessing: Rule = {
  id: 'skill/shell-preprocessing',
  severity: 'warning',
  description: 'SKILL.md has no `` !`command` `` or ```` ```! ```` blocks, which Claude Code runs in a shell before the model sees the skill.',
  *check(context) {
    for (const skill of context.workspace.skills) {
      const { body, bodyLine } = skill.frontmatter;
      const found: Report[] = [];
      const report = (line: number, what: string) =>
        found.push({
          message: `${what} runs in a shell when the skill loads, before the model or the user sees it (Claude Code). Review it like a script, or turn it off with disableSkillShellExecution.`,
          file: skill.file.path,
          line,
        });
      body.split('\n').forEach((text, i) => {
        if (FENCE.test(text)) report(bodyLine + i, 'The ```! block');
      });
      for (const { text, line } of proseLines(body, bodyLine)) {
        const m = INLINE.exec(text);
        if (m) report(line, `The command !\`${m[1].slice(0, 60)}\``);
      }
      yield* found.sort((a, b) => a.line! - b.line!);
    }
  },
};
