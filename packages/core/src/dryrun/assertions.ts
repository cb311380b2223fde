import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { canonicalJson, preview } from './canonical.js';
import type { Expectation, TestCase } from './suites.js';
import { totalTokens, type CallRecord, type ToolCall, type Usage } from './types.js';

/** What a case produced: the material every expectation is checked against. */
export interface CaseOutcome {
  output: string;
  calls: CallRecord[];
  usage: Usage;
  /** undefined when some call's model has no known price. */
  costUsd?: number;
  latencyMs: number;
  skillsUsed: string[];
  toolCalls: ToolCall[];
}

export interface AssertionResult {
  kind: string;
  description?: string;
  pass: boolean;
  /** 0..1; most checks are 0 or 1, a custom module may return a fraction. */
  score: number;
  weight: number;
  message: string;
}

/** The signature of a custom assertion module's default export. */
export type CustomAssertion = (
  output: string,
  context: { case: { id: string; tags: string[] }; calls: CallRecord[]; usage: Usage; costUsd?: number; latencyMs: number; options: unknown },
) => boolean | { pass: boolean; score?: number; message?: string } | Promise<boolean | { pass: boolean; score?: number; message?: string }>;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

export async function checkExpectation(e: Expectation, outcome: CaseOutcome, testCase: TestCase): Promise<AssertionResult> {
  const result = (pass: boolean, message: string, score = pass ? 1 : 0): AssertionResult => ({ kind: e.kind, description: e.description, pass, score, weight: e.weight, message });
  const fold = (s: string) => (e.ignoreCase ? s.toLowerCase() : s);
  const output = outcome.output;
  try {
    switch (e.kind) {
      case 'contains': {
        const missing = list(e.value).filter((t) => !fold(output).includes(fold(t)));
        return result(missing.length === 0, missing.length ? `output does not contain ${missing.map((m) => preview(m)).join(', ')}` : 'output contains the text');
      }
      case 'not-contains': {
        const found = list(e.value).filter((t) => fold(output).includes(fold(t)));
        return result(found.length === 0, found.length ? `output contains ${found.map((m) => preview(m)).join(', ')}` : 'output contains none of the texts');
      }
      case 'regex': {
        const re = new RegExp(String(e.value), e.ignoreCase ? 'i' : '');
        return result(re.test(output), re.test(output) ? `output matches /${re.source}/` : `output does not match /${re.source}/`);
      }
      case 'equals': {
        const pass = fold(output.trim()) === fold(String(e.value).trim());
        return result(pass, pass ? 'output equals the expected text' : `output ${preview(output.trim())} is not ${preview(String(e.value).trim())}`);
      }
      case 'json-schema': {
        const json = parseOutputJson(output);
        if (!json.ok) return result(false, `output is not JSON: ${json.error}`);
        const schema = typeof e.value === 'string' ? loadSchemaFile(resolve(testCase.dir, e.value)) : e.value;
        const validate = ajv.compile(schema as object);
        if (validate(json.value)) return result(true, 'output is valid against the schema');
        const errors = (validate.errors ?? []).slice(0, 3).map((x) => `${x.instancePath || '(root)'} ${x.message}`);
        return result(false, `output does not match the schema: ${errors.join('; ')}`);
      }
      case 'json-path': {
        const spec = e.value as { path: string; equals?: unknown; contains?: string; exists?: boolean };
        const json = parseOutputJson(output);
        if (!json.ok) return result(false, `output is not JSON: ${json.error}`);
        const found = valueAtPath(json.value, spec.path);
        if (spec.exists === false) return result(!found.found, found.found ? `${spec.path} is present` : `${spec.path} is absent`);
        if (!found.found) return result(false, `${spec.path} is absent`);
        if ('equals' in spec) {
          const pass = canonicalJson(found.value) === canonicalJson(spec.equals);
          return result(pass, pass ? `${spec.path} equals ${preview(spec.equals)}` : `${spec.path} is ${preview(found.value)}, expected ${preview(spec.equals)}`);
        }
        if (spec.contains !== undefined) {
          const text = typeof found.value === 'string' ? found.value : canonicalJson(found.value);
          return result(fold(text).includes(fold(spec.contains)), `${spec.path} is ${preview(found.value)}`);
        }
        return result(true, `${spec.path} is present`);
      }
      case 'max-tokens': {
        const used = totalTokens(outcome.usage);
        return result(used <= Number(e.value), `${used} tokens used (at most ${String(e.value)})`);
      }
      case 'max-cost-usd': {
        if (outcome.costUsd === undefined) return result(false, 'the cost is unknown: a model of this case has no known price');
        return result(outcome.costUsd <= Number(e.value), `$${outcome.costUsd.toFixed(6)} spent (at most $${String(e.value)})`);
      }
      case 'max-latency-ms': {
        const ms = Math.round(outcome.latencyMs);
        return result(ms <= Number(e.value), `${ms} ms (at most ${String(e.value)} ms)`);
      }
      case 'skill-used': {
        const pass = outcome.skillsUsed.includes(String(e.value));
        return result(pass, pass ? `skill ${String(e.value)} was used` : `skill ${String(e.value)} was not used (used: ${outcome.skillsUsed.join(', ') || 'none'})`);
      }
      case 'skill-not-used': {
        const pass = !outcome.skillsUsed.includes(String(e.value));
        return result(pass, pass ? `skill ${String(e.value)} was not used` : `skill ${String(e.value)} was used`);
      }
      case 'tool-called': {
        const spec = typeof e.value === 'string' ? { name: e.value } : (e.value as { name: string; arguments?: Record<string, unknown> });
        const named = outcome.toolCalls.filter((t) => t.name === spec.name);
        const pass = named.some((t) => !spec.arguments || isSubset(spec.arguments, parseArgs(t.arguments)));
        const called = [...new Set(outcome.toolCalls.map((t) => t.name))];
        return result(pass, pass ? `tool ${spec.name} was called` : named.length ? `tool ${spec.name} was called, but not with ${preview(spec.arguments)}` : `tool ${spec.name} was not called (called: ${called.join(', ') || 'none'})`);
      }
      case 'custom':
        return await runCustom(e, outcome, testCase);
    }
  } catch (error) {
    return result(false, `${e.kind} could not be checked: ${(error as Error).message}`);
  }
}

async function runCustom(e: Expectation, outcome: CaseOutcome, testCase: TestCase): Promise<AssertionResult> {
  const path = resolve(testCase.dir, String(e.value));
  if (!existsSync(path)) return { kind: 'custom', description: e.description, pass: false, score: 0, weight: e.weight, message: `custom assertion module ${String(e.value)} does not exist (paths are relative to the suite file)` };
  const mod = (await import(pathToFileURL(path).href)) as { default?: CustomAssertion };
  if (typeof mod.default !== 'function') return { kind: 'custom', description: e.description, pass: false, score: 0, weight: e.weight, message: `${String(e.value)} has no default export function` };
  const verdict = await mod.default(outcome.output, { case: { id: testCase.id, tags: testCase.tags }, calls: outcome.calls, usage: outcome.usage, costUsd: outcome.costUsd, latencyMs: outcome.latencyMs, options: e.options });
  const v = typeof verdict === 'boolean' ? { pass: verdict } : verdict;
  const score = typeof v.score === 'number' ? Math.min(1, Math.max(0, v.score)) : v.pass ? 1 : 0;
  return { kind: 'custom', description: e.description, pass: Boolean(v.pass), score, weight: e.weight, message: v.message ?? `${String(e.value)} ${v.pass ? 'passed' : 'failed'}` };
}

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(String);
}

function loadSchemaFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Output as JSON: the whole text, or the first ```json fenced block in it. */
export function parseOutputJson(output: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const candidates = [output.trim()];
  const fence = /```(?:json)?\s*\n([\s\S]*?)```/.exec(output);
  if (fence) candidates.push(fence[1].trim());
  let error = '';
  for (const text of candidates) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      error ||= (e as Error).message;
    }
  }
  return { ok: false, error };
}

/** `$.a.b[0]["c d"]` into a value; found=false when any step is missing. */
export function valueAtPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  const steps: Array<string | number> = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[["']([^"']*)["']\]/g;
  const rest = path.replace(/^\$/, '');
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) throw new Error(`cannot read JSON path ${path}`);
    consumed = m.index + m[0].length;
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
  }
  if (consumed !== rest.length) throw new Error(`cannot read JSON path ${path}`);
  let node: unknown = root;
  for (const step of steps) {
    if (node === null || typeof node !== 'object' || !(step in (node as object))) return { found: false };
    node = (node as Record<string | number, unknown>)[step];
  }
  return { found: true, value: node };
}

function parseArgs(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

function isSubset(expected: unknown, actual: unknown): boolean {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => isSubset(v, (actual as Record<string, unknown>)[k]));
  }
  return canonicalJson(expected) === canonicalJson(actual);
}
