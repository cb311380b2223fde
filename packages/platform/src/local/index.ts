import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Platform } from '../types.js';

/**
 * A terminal or a GitLab job: findings are already in the printed report, the summary goes to a
 * file when one is named, outputs become dotenv lines (GitLab `artifacts:reports:dotenv`).
 */
export function localPlatform(options: { summaryFile?: string; dotenvFile?: string; log?: (line: string) => void } = {}): Platform {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  // Like --output, a summary or dotenv file may name a folder that does not exist yet.
  const append = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, text);
  };
  return {
    name: process.env.GITLAB_CI ? 'gitlab' : 'local',
    annotate: () => [],
    async writeSummary(markdown) {
      if (options.summaryFile) append(options.summaryFile, markdown + '\n');
    },
    setOutput(name, value) {
      if (!options.dotenvFile) return;
      const key = name.toUpperCase().replace(/-/g, '_');
      append(options.dotenvFile, `${key}=${String(value).replace(/\n/g, ' ')}\n`);
    },
    info: log,
    warning: (message) => log(`warning: ${message}`),
  };
}
