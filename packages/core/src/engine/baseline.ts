import { readFileSync, writeFileSync } from 'node:fs';
import { fingerprint, type Finding } from '../findings/index.js';
import { ConfigError } from '../config/index.js';

/** A baseline file: the fingerprints of findings a team accepted when it adopted agentship. */
export interface BaselineFile {
  version: 1;
  findings: Array<{ fingerprint: string; ruleId: string; file: string }>;
}

export function readBaseline(path: string): Set<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Baseline file ${path} could not be read: ${(error as Error).message}`);
  }
  const list = (parsed as BaselineFile)?.findings;
  if (!Array.isArray(list)) throw new ConfigError(`Baseline file ${path} has no "findings" list.`);
  return new Set(list.map((f) => f.fingerprint).filter((f): f is string => typeof f === 'string'));
}

export function writeBaseline(path: string, findings: Finding[]): void {
  const body: BaselineFile = {
    version: 1,
    findings: findings.map((f) => ({ fingerprint: fingerprint(f), ruleId: f.ruleId, file: f.file })),
  };
  writeFileSync(path, JSON.stringify(body, null, 2) + '\n');
}
