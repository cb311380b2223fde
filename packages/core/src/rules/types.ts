import type { Severity } from '../findings/index.js';
import type { Workspace } from '../discover/index.js';
import type { TokenCache } from '../tokens/index.js';

/** What a rule reports; the engine adds the rule id, the level and the help link. */
export interface Report {
  message: string;
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  /** Overrides the rule's default level for this one report (a rule whose level depends on the profile). */
  severity?: Severity;
}

export interface RuleContext {
  readonly workspace: Workspace;
  readonly tokens: TokenCache;
  /** Options of the run that some rules read (the secret scanner's `--all-files`). */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * One rule, one module: its id, its default level, a one-line description for docs and SARIF,
 * and a pure check over the discovered workspace. The engine knows no rule by name.
 */
export interface Rule {
  /** `family/name`, kebab-case; the docs page is docs/rules/<family>/<name>.md. */
  id: string;
  severity: Severity;
  description: string;
  check(context: RuleContext): Iterable<Report>;
}
