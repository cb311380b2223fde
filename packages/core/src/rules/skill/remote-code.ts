import type { Rule } from '../types.js';

/** Download-and-run idioms: the code that runs is whatever the URL serves on the day. */
const PATTERNS: Array<{ re: RegExp; what: string }> = [
  { re: /\b(?:curl|wget)\b[^|\n]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/, what: 'pipes a download into a shell' },
  { re: /\b(?:curl|wget)\b[^|\n]*\|\s*(?:sudo\s+)?(?:python3?|node|perl|ruby)\b/, what: 'pipes a download into an interpreter' },
  { re: /\b(?:ba|z)?sh\s+<\(\s*(?:curl|wget)\b/, what: 'runs a download through process substitution' },
  { re: /\b(?:iex|Invoke-Expression)\b[^\n]*\b(?:irm|iwr|Invoke-RestMethod|Invoke-WebRequest|DownloadString)\b|\b(?:irm|iwr|Invoke-RestMethod|Invoke-WebRequest)\b[^\n|]*\|\s*(?:iex|Invoke-Expression)\b/i, what: 'runs a download in PowerShell' },
];

export const remoteCode: Rule = {
  id: 'skill/remote-code',
  severity: 'warning',
  description: 'SKILL.md does not tell the agent to download and run code at run time (`curl … | sh`).',
  *check(context) {
    for (const skill of context.workspace.skills) {
      const { body, bodyLine } = skill.frontmatter;
      const lines = body.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const hit = PATTERNS.find((p) => p.re.test(lines[i]));
        if (!hit) continue;
        yield {
          message: `This line ${hit.what}: the agent would run whatever the URL serves that day. Bundle the script in scripts/ or pin and verify it (checksum).`,
          file: skill.file.path,
          line: bodyLine + i,
        };
      }
    }
  },
};
