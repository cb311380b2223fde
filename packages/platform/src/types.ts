import type { Finding } from '@agentship/core/findings';

/** What a stage needs from the CI system it runs in; one implementation per system. */
export interface Platform {
  readonly name: 'github' | 'gitlab' | 'local';
  /** Shows findings inline on the diff where the system can; returns those it could not show. */
  annotate(findings: Finding[]): Finding[];
  /** Appends markdown to the job summary (GitHub's step summary; a file elsewhere). */
  writeSummary(markdown: string): Promise<void>;
  setOutput(name: string, value: string | number): void;
  info(message: string): void;
  warning(message: string): void;
}
