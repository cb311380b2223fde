import { configuredLevel, type AgentshipConfig } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import { ruleDocsUrl, type Finding, type FindingKind } from '../findings/index.js';
import { allRules } from '../rules/index.js';
import { engineFindings } from './engine.js';
import { dryRunFindings } from './dryrun.js';
import { mcpCheckFindingKinds } from './mcpcheck.js';
import { costFindings } from './cost.js';

export { INTERNAL_ERROR } from './engine.js';

/**
 * Every kind of finding agentship reports: the validate rules (each from its module's meta) and
 * the findings of the other stages, declared beside this file (cost.ts, dryrun.ts, mcpcheck.ts,
 * engine.ts) so that the stages can import the registry without a module cycle. A finding whose
 * id is not here is a bug; every id here has a page at docs/rules/<id>.md (a test checks both).
 */
export const findingKinds: readonly FindingKind[] = [
  ...allRules.map(({ id, severity, description }) => ({ id, severity, description })),
  ...engineFindings,
  ...dryRunFindings,
  ...mcpCheckFindingKinds,
  ...costFindings,
];

const byId = new Map(findingKinds.map((kind) => [kind.id, kind]));

/** The families of finding ids (`skill` of `skill/name-format`), in registry order. */
export const FAMILIES: readonly string[] = [
  ...new Set(findingKinds.map((kind) => familyOf(kind.id))),
];

/** A registered kind with its docs page, or undefined for an id agentship never reports. */
export function findingKind(id: string): (FindingKind & { docsUrl: string }) | undefined {
  const kind = byId.get(id);
  return kind ? { ...kind, docsUrl: ruleDocsUrl(kind.id) } : undefined;
}

export interface LevelOptions {
  /** Ids known besides the registry's: the rules a caller passes to validate() itself. */
  extraIds?: Iterable<string>;
  /** Skip the unknown-id check: a base commit's agentship.yaml is read as it was written. */
  lenient?: boolean;
}

/**
 * Throws a ConfigError naming agentship.yaml and the line of every `rules:` key that is neither a
 * registered id nor a family, with the closest id or family when one is a likely typo.
 */
export function checkRuleLevels(config: AgentshipConfig, options: LevelOptions = {}): void {
  const extra = [...(options.extraIds ?? [])];
  const known = new Set([...byId.keys(), ...FAMILIES, ...extra, ...extra.map(familyOf)]);
  const unknown = Object.keys(config.rules).filter((key) => !known.has(key));
  if (!unknown.length) return;
  const file = config.source?.file ?? 'agentship.yaml';
  const lines = unknown.map((key) => {
    const line = config.source?.ruleLines[key];
    const guess = closest(key, [...known]);
    const hint = guess ? ` Did you mean "${guess}"?` : '';
    const where = `${file}${line ? `:${line}` : ''}`;
    return `${where}: rules: "${key}" is not a finding id or family.${hint}`;
  });
  const families = FAMILIES.join(', ');
  const close = `The families are ${families}; each id has a page under docs/rules.`;
  throw new ConfigError(`${lines.join('\n')}\n${close}`);
}

/**
 * The one place `rules:` levels reach a finding, for every stage: `off` drops it, a level
 * replaces its severity (an id's entry wins over its family's), and it gets its docs link.
 * Checks the `rules:` keys first (checkRuleLevels).
 */
export function levelFindings(
  findings: readonly Finding[],
  config: AgentshipConfig,
  options: LevelOptions = {},
): Finding[] {
  if (!options.lenient) checkRuleLevels(config, options);
  const levelled: Finding[] = [];
  for (const finding of findings) {
    const level = configuredLevel(config, finding.ruleId);
    if (level === 'off') continue;
    const help = finding.help ?? ruleDocsUrl(finding.ruleId);
    levelled.push({ ...finding, severity: level ?? finding.severity, help });
  }
  return levelled;
}

function familyOf(id: string): string {
  return id.split('/')[0];
}

/** The known key nearest to a typo, when near enough: a third of its length, at least 1. */
function closest(key: string, candidates: string[]): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (`nmae` to `name`). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
