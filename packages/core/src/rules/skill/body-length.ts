import type { Rule } from '../types.js';

export const BODY_MAX_LINES = 500;
export const BODY_MAX_TOKENS = 5000;

export const bodyLength: Rule = {
  id: 'skill/body-length',
  severity: 'warning',
  description: 'The SKILL.md body stays under 500 lines and 5,000 tokens; detail moves into reference files.',
  *check(context) {
    for (const skill of context.workspace.skills) {
      const { body, bodyLine } = skill.frontmatter;
      const lines = body.split('\n');
      if (lines.at(-1) === '') lines.pop();
      if (lines.length > BODY_MAX_LINES) {
        yield {
          message: `The SKILL.md body is ${lines.length} lines (recommended: under ${BODY_MAX_LINES}); the whole body is loaded on every activation, so move reference material into separate files.`,
          file: skill.file.path,
          line: bodyLine + BODY_MAX_LINES,
        };
      }
      const tokens = context.tokens.count(body);
      if (tokens > BODY_MAX_TOKENS) {
        yield {
          message: `The SKILL.md body is ${tokens} tokens (o200k; recommended: under ${BODY_MAX_TOKENS}); move detail into reference files the agent reads when needed.`,
          file: skill.file.path,
          line: bodyLine,
        };
      }
    }
  },
};
