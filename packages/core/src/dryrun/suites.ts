import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Finding } from '../findings/index.js';
import { readSource } from '../files/index.js';
import { parseYaml } from '../parse/index.js';
import { patternMatcher } from '../config/index.js';
import suiteSchema from '../../../../schemas/dry-run-suite.schema.json' with { type: 'json' };

export const EXPECTATION_KINDS = [
  'contains',
  'not-contains',
  'regex',
  'equals',
  'json-schema',
  'json-path',
  'max-tokens',
  'max-cost-usd',
  'max-latency-ms',
  'skill-used',
  'skill-not-used',
  'tool-called',
  'custom',
] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

export interface Expectation {
  kind: ExpectationKind;
  value: unknown;
  weight: number;
  description?: string;
  ignoreCase: boolean;
  options?: unknown;
}

export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a case sends, with vars substituted and files appended. */
export interface CaseInput {
  prompt?: string;
  messages?: Message[];
}

export interface TestCase {
  id: string;
  suite: string;
  /** The suite file, relative to the root. */
  file: string;
  line: number;
  /** Absolute folder of the suite file: custom modules and files resolve from it. */
  dir: string;
  agent?: string;
  description?: string;
  input: CaseInput;
  tags: string[];
  weight: number;
  threshold: number;
  expect: Expectation[];
}

export interface Suite {
  name: string;
  file: string;
  threshold: number;
  cases: TestCase[];
}

export const DEFAULT_SUITE_PATTERNS = ['evals/**/*.yaml', 'evals/**/*.yml'];

// Compiled on the first suite read, not on import.
let compiledSuiteSchema: ReturnType<Ajv2020['compile']> | undefined;
const suiteValidator = () => (compiledSuiteSchema ??= new Ajv2020({ allErrors: true, strict: false }).compile(suiteSchema));

/**
 * Loads every suite file matching `patterns` among `paths` (relative to `root`). A broken file or
 * case is a finding with its line; the other suites and cases still load.
 */
export function loadSuites(root: string, paths: string[], patterns: string[] = DEFAULT_SUITE_PATTERNS): { suites: Suite[]; problems: Finding[] } {
  const matches = patternMatcher(patterns);
  const suites: Suite[] = [];
  const problems: Finding[] = [];
  for (const rel of paths.filter((p) => matches(p)).sort()) {
    const loaded = loadSuiteFile(root, rel);
    problems.push(...loaded.problems);
    if (loaded.suite) suites.push(loaded.suite);
  }
  const seen = new Map<string, TestCase>();
  for (const suite of suites) {
    suite.cases = suite.cases.filter((c) => {
      const first = seen.get(c.id);
      if (!first) {
        seen.set(c.id, c);
        return true;
      }
      problems.push({ ruleId: 'dryrun/duplicate-case-id', severity: 'error', message: `Case id "${c.id}" is already used at ${first.file}:${first.line}; results, baselines and shards key on the id, so this case is skipped.`, file: c.file, line: c.line });
      return false;
    });
  }
  return { suites, problems };
}

export function loadSuiteFile(root: string, rel: string): { suite?: Suite; problems: Finding[] } {
  const read = readSource(root, join(root, rel));
  if (!read.file) return { problems: read.problems };
  const parsed = parseYaml(read.file.text);
  const problems: Finding[] = parsed.problems.map((p) => ({ ruleId: 'dryrun/suite-invalid', severity: p.severity, message: `YAML: ${p.message}`, file: rel, line: p.line, column: p.column }));
  const value = parsed.value as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ ruleId: 'dryrun/suite-invalid', severity: 'error', message: 'A suite is a YAML mapping with a `cases:` list.', file: rel, line: 1 });
    return { problems };
  }
  // Errors are reported per case: a broken case is skipped, the rest of the suite runs.
  const broken = new Set<number>();
  let fatal = false;
  const validateSuite = suiteValidator();
  if (!validateSuite(value)) {
    const reported = new Set<string>();
    for (const error of validateSuite.errors ?? []) {
      const path = error.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      if (path[0] === 'cases' && typeof path[1] === 'number') broken.add(path[1]);
      else fatal = true;
      // oneOf/anyOf failures list every branch; one message per location is enough.
      const where = path.join('.');
      if (reported.has(where)) continue;
      reported.add(where);
      const extra = error.keyword === 'additionalProperties' ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"` : '';
      problems.push({ ruleId: 'dryrun/suite-invalid', severity: 'error', message: `${where ? `${where}: ` : ''}${explain(error.message ?? 'is invalid', path)}${extra}.`, file: rel, line: parsed.lineOf(path) });
    }
  }
  if (fatal || !Array.isArray(value.cases)) return { problems };
  const name = typeof value.suite === 'string' ? value.suite : posix.basename(rel).replace(/\.ya?ml$/, '');
  const dir = dirname(resolve(root, rel));
  const suiteTags = Array.isArray(value.tags) ? (value.tags as string[]) : [];
  const cases: TestCase[] = [];
  (value.cases as Record<string, unknown>[]).forEach((raw, index) => {
    if (broken.has(index)) return;
    const line = parsed.lineOf(['cases', index]);
    const expectations: Expectation[] = [];
    let bad = false;
    ((raw.expect as Record<string, unknown>[] | undefined) ?? []).forEach((e, i) => {
      const kinds = EXPECTATION_KINDS.filter((k) => k in e);
      if (kinds.length !== 1) {
        bad = true;
        problems.push({ ruleId: 'dryrun/suite-invalid', severity: 'error', message: `cases.${index}.expect.${i}: an expectation has exactly one check (${EXPECTATION_KINDS.join(', ')}); found ${kinds.length ? kinds.join(', ') : 'none'}.`, file: rel, line: parsed.lineOf(['cases', index, 'expect', i]) });
        return;
      }
      const kind = kinds[0];
      if (kind === 'regex') {
        try {
          new RegExp(e.regex as string);
        } catch (error) {
          bad = true;
          problems.push({ ruleId: 'dryrun/suite-invalid', severity: 'error', message: `cases.${index}.expect.${i}: ${(error as Error).message}.`, file: rel, line: parsed.lineOf(['cases', index, 'expect', i, 'regex']) });
          return;
        }
      }
      expectations.push({ kind, value: e[kind], weight: typeof e.weight === 'number' ? e.weight : 1, description: e.description as string | undefined, ignoreCase: e['ignore-case'] === true, options: e.options });
    });
    const input = renderInput(raw.input as string | Record<string, unknown>, dir);
    if (input.problem) {
      bad = true;
      problems.push({ ruleId: 'dryrun/suite-invalid', severity: 'error', message: `cases.${index}.input: ${input.problem}`, file: rel, line: parsed.lineOf(['cases', index, 'input']) });
    }
    if (bad) return;
    cases.push({
      id: raw.id as string,
      suite: name,
      file: rel,
      line,
      dir,
      agent: (raw.agent as string | undefined) ?? (value.agent as string | undefined),
      description: raw.description as string | undefined,
      input: input.value,
      tags: [...suiteTags, ...((raw.tags as string[] | undefined) ?? [])],
      weight: typeof raw.weight === 'number' ? raw.weight : 1,
      threshold: typeof raw.threshold === 'number' ? raw.threshold : 1,
      expect: expectations,
    });
  });
  return { suite: { name, file: rel, threshold: typeof value.threshold === 'number' ? value.threshold : 1, cases }, problems };
}

function explain(message: string, path: (string | number)[]): string {
  if (path.at(-2) === 'expect' || path.at(-1) === 'expect') return `${message} (an expectation has one check: ${EXPECTATION_KINDS.join(', ')})`;
  return message;
}

/** Substitutes {{vars}} and appends the files: what the agent receives is fixed at load time. */
function renderInput(input: string | Record<string, unknown>, dir: string): { value: CaseInput; problem?: string } {
  if (typeof input === 'string') return { value: { prompt: input } };
  const vars = (input.vars ?? {}) as Record<string, string | number | boolean>;
  const missing = new Set<string>();
  const fill = (text: string): string =>
    text.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (whole, name: string) => {
      if (name in vars) return String(vars[name]);
      missing.add(name);
      return whole;
    });
  let prompt = typeof input.prompt === 'string' ? fill(input.prompt) : undefined;
  const messages = Array.isArray(input.messages) ? (input.messages as Message[]).map((m) => ({ role: m.role, content: fill(m.content) })) : undefined;
  const attachments: string[] = [];
  for (const file of (input.files as string[] | undefined) ?? []) {
    const abs = resolve(dir, file);
    if (!existsSync(abs)) return { value: {}, problem: `file ${file} does not exist (paths are relative to the suite file).` };
    attachments.push(`<file name="${file}">\n${readFileSync(abs, 'utf8')}\n</file>`);
  }
  if (missing.size) return { value: {}, problem: `no value for template variable${missing.size > 1 ? 's' : ''} ${[...missing].join(', ')} (add it under input.vars).` };
  if (attachments.length) {
    if (prompt !== undefined) prompt = [prompt, ...attachments].join('\n\n');
    else if (messages) {
      const last = messages.map((m) => m.role).lastIndexOf('user');
      if (last >= 0) messages[last] = { ...messages[last], content: [messages[last].content, ...attachments].join('\n\n') };
      else messages.push({ role: 'user', content: attachments.join('\n\n') });
    }
  }
  return { value: { prompt, messages } };
}

/** The case input as one text: the prompt, or the messages as JSON (what a command runner gets on stdin). */
export function inputText(input: CaseInput): string {
  if (input.messages) return JSON.stringify({ messages: input.prompt !== undefined ? [...input.messages, { role: 'user', content: input.prompt }] : input.messages });
  return input.prompt ?? '';
}
