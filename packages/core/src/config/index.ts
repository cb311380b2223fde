import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import ignore from 'ignore';
import type { Finding, Severity } from '../findings/index.js';
import { readSource } from '../files/index.js';
import { parseYaml } from '../parse/index.js';
import agentshipSchema from '../../../../schemas/agentship.schema.json' with { type: 'json' };
import { ConfigError } from '../errors/index.js';

export type RuleLevel = Severity | 'off';
export type Profile = 'spec' | 'anthropic' | 'claude-code' | 'codex';
export const PROFILES: Profile[] = ['spec', 'anthropic', 'claude-code', 'codex'];

/** agentship.yaml, with defaults filled in. Sections of later stages stay as parsed. */
export interface AgentshipConfig {
  /** gitignore-style patterns, relative to the root. */
  ignore: string[];
  /** Rule id (`skill/name-format`) or family (`skill`) to a level, or off. */
  rules: Record<string, RuleLevel>;
  /** Skill profile for folders matching a gitignore-style pattern; first match wins. */
  profiles: Record<string, Profile>;
  /** The profile for skills no pattern matches and no location implies. */
  defaultProfile?: Profile;
  baseline?: string;
  /** Where it came from: the file and the line of each `rules:` key, for errors that name them. */
  source?: { file: string; ruleLines: Record<string, number> };
  [section: string]: unknown;
}

export interface LoadedConfig {
  config: AgentshipConfig;
  /** Relative path of the file it came from, if any. */
  path?: string;
  problems: Finding[];
}

export const CONFIG_FILENAMES = ['agentship.yaml', 'agentship.yml'];

// Compiled on the first config loaded, not on import (0.1 s of start-up for every command).
let compiledSchema: ReturnType<Ajv2020['compile']> | undefined;
function configSchema(): ReturnType<Ajv2020['compile']> {
  if (compiledSchema) return compiledSchema;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return (compiledSchema = ajv.compile(agentshipSchema));
}

export function defaultConfig(): AgentshipConfig {
  return { ignore: [], rules: {}, profiles: {} };
}

/**
 * Loads agentship.yaml from `root` (or `explicitPath`). A missing file gives the defaults; a broken
 * one gives the defaults plus findings with lines, so validation still runs.
 */
export function loadConfig(root: string, explicitPath?: string): LoadedConfig {
  const candidates = explicitPath ? [resolve(root, explicitPath)] : CONFIG_FILENAMES.map((n) => join(root, n));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    if (explicitPath) throw new ConfigError(`Config file not found: ${explicitPath}`);
    return { config: defaultConfig(), problems: [] };
  }
  const read = readSource(root, found);
  if (!read.file) return { config: defaultConfig(), path: explicitPath, problems: read.problems };
  const file = read.file;
  const parsed = parseYaml(file.text);
  const problems: Finding[] = [...read.problems];
  for (const p of parsed.problems) {
    problems.push({ ruleId: 'config/syntax', severity: p.severity, message: p.message, file: file.path, line: p.line, column: p.column });
  }
  const value = parsed.value ?? {};
  if (parsed.problems.some((p) => p.severity === 'error') && typeof value !== 'object') {
    return { config: defaultConfig(), path: file.path, problems };
  }
  const validateSchema = configSchema();
  if (!validateSchema(value)) {
    for (const error of validateSchema.errors ?? []) {
      // A bad key name comes twice (propertyNames and its inner pattern): keep the one naming the key.
      if (error.keyword === 'propertyNames') continue;
      const path = error.instancePath.split('/').slice(1).map(decodePointer);
      const badKey = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty : error.propertyName;
      const where = path.length ? `${path.join('.')}: ` : '';
      let detail = `${error.message}`;
      if (error.keyword === 'additionalProperties') detail += ` "${badKey}"`;
      else if (badKey !== undefined) detail = `key "${badKey}" ${detail}`;
      else if (error.keyword === 'enum') detail += ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
      problems.push({
        ruleId: 'config/schema',
        severity: 'error',
        message: `agentship.yaml ${where}${detail}.`,
        file: file.path,
        line: parsed.lineOf(badKey !== undefined ? [...path, badKey] : path),
      });
    }
  }
  const raw = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const config: AgentshipConfig = {
    ...raw,
    ignore: Array.isArray(raw.ignore) ? raw.ignore.filter((x): x is string => typeof x === 'string') : [],
    rules: isRecord(raw.rules) ? (Object.fromEntries(Object.entries(raw.rules).filter(([, v]) => isLevel(v))) as Record<string, RuleLevel>) : {},
    profiles: isRecord(raw.profiles) ? (Object.fromEntries(Object.entries(raw.profiles).filter(([, v]) => PROFILES.includes(v as Profile))) as Record<string, Profile>) : {},
    defaultProfile: PROFILES.includes(raw['default-profile'] as Profile) ? (raw['default-profile'] as Profile) : undefined,
    baseline: typeof raw.baseline === 'string' ? raw.baseline : undefined,
    source: { file: file.path, ruleLines: ruleLines(raw.rules, parsed.lineOf) },
  };
  return { config, path: file.path, problems };
}

export { ConfigError };

/**
 * The level configured for a finding id: the id itself wins over its family. Stages apply it
 * through levelFindings (@agentship/core/registry), which also rejects unknown ids.
 */
export function configuredLevel(config: AgentshipConfig, ruleId: string): RuleLevel | undefined {
  return config.rules[ruleId] ?? config.rules[ruleId.split('/')[0]];
}

/** Returns a matcher for gitignore-style patterns. */
export function patternMatcher(patterns: string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const ig = ignore().add(patterns);
  return (relPath) => relPath !== '' && ig.ignores(relPath);
}

function ruleLines(rules: unknown, lineOf: (path: string[]) => number): Record<string, number> {
  if (!isRecord(rules)) return {};
  return Object.fromEntries(Object.keys(rules).map((key) => [key, lineOf(['rules', key])]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLevel(value: unknown): value is RuleLevel {
  return value === 'off' || value === 'error' || value === 'warning' || value === 'note';
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}
