import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config/index.js';
import { checkoutBase } from './base.js';
import type { CostConfig } from './config.js';
import { diffProjections, type CostDiff } from './diff.js';
import { projectCosts, type CostProjection, type ProjectOptions } from './project.js';

/** `agentship cost --format json`: both projections, their diff and the gate. */
export interface CostReport {
  version: 1;
  kind: 'agentship-cost';
  head: CostProjection;
  base?: CostProjection;
  /** The base commit, when the base came from git. */
  baseCommit?: string;
  diff: CostDiff;
}

export interface CostReportOptions extends ProjectOptions {
  /** A git ref to project as the base, from the repository holding the folder. */
  baseRef?: string;
  /** A stored report or projection (`--format json` of an earlier run) to use as the base. */
  baseResults?: string;
  /** Only these environments. */
  environments?: string[];
  failAt?: number;
}

/** Projects the head (and the base, from git or a stored report) and diffs them. */
export async function buildCostReport(
  root: string,
  options: CostReportOptions = {},
): Promise<{ report: CostReport; config: CostConfig }> {
  const { projection: fullHead, config } = await projectCosts(root, options);
  const head = onlyEnvironments(fullHead, options.environments, true);
  let base: CostProjection | undefined;
  let baseCommit: string | undefined;
  if (options.baseRef) {
    const tree = checkoutBase(root, options.baseRef);
    try {
      // The base is read with its own agentship.yaml; a price file named on the command line prices both.
      const baseOptions = { pricesPath: options.pricesPath, lenientRuleLevels: true };
      base = (await projectCosts(tree.root, baseOptions)).projection;
      baseCommit = tree.commit;
    } finally {
      tree.cleanup();
    }
  } else if (options.baseResults) {
    base = readStoredProjection(options.baseResults);
  }
  if (base) base = onlyEnvironments(base, options.environments, false);
  const diff = diffProjections(head, base, { failAt: options.failAt ?? config.failAt, anomalyPercent: config.anomalyPercent });
  return { report: { version: 1, kind: 'agentship-cost', head, base, baseCommit, diff }, config };
}

function onlyEnvironments(projection: CostProjection, names: string[] | undefined, strict: boolean): CostProjection {
  if (!names?.length) return projection;
  const missing = names.filter((n) => !projection.environments.some((e) => e.name === n));
  if (strict && missing.length) {
    const found = projection.environments.map((e) => e.name);
    throw new ConfigError(`No environment ${missing.map((m) => `"${m}"`).join(', ')} with budget-limits or model-overrides files; found: ${found.length ? found.join(', ') : 'none'}.`);
  }
  return { ...projection, environments: projection.environments.filter((e) => names.includes(e.name)) };
}

/** Reads a stored base: a whole report (its `head`) or a bare projection. */
export function readStoredProjection(path: string): CostProjection {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (error) {
    throw new ConfigError(`Base results ${path} could not be read as JSON: ${(error as Error).message}`);
  }
  const candidate = (value as { kind?: string; head?: unknown })?.kind === 'agentship-cost' ? (value as { head: unknown }).head : value;
  const projection = candidate as CostProjection;
  if (projection?.version !== 1 || !Array.isArray(projection.environments)) {
    throw new ConfigError(`Base results ${path} are not an agentship cost report (agentship cost --format json).`);
  }
  return projection;
}
