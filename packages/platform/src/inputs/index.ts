import { UsageError } from '@agentship/core/errors';

/**
 * One declaration per action input, next to its action (actions/<name>/src/inputs.ts); a test
 * holds each declaration to the action's action.yml (names, defaults, required, enum values).
 */
export type InputSpec =
  | { kind: 'string' | 'path'; default?: string; required?: boolean; emptyMeansNone?: boolean }
  | { kind: 'enum'; values: readonly string[]; default?: string; required?: boolean }
  | {
      kind: 'number' | 'integer';
      min?: number;
      max?: number;
      exclusive?: boolean;
      default?: string;
      required?: boolean;
    }
  | { kind: 'boolean'; default?: string; required?: boolean }
  | { kind: 'duration'; default?: string; required?: boolean }
  | { kind: 'list'; separators?: RegExp; default?: string; required?: boolean };

export type InputSpecs = Record<string, InputSpec>;

type Value<S extends InputSpec> = S extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : S extends { kind: 'number' | 'integer' }
    ? number
    : S extends { kind: 'boolean' }
      ? boolean
      : S extends { kind: 'list' }
        ? string[]
        : string;

/** Whether a value is always there: required, or a default that an empty value falls back to. */
type Present<S extends InputSpec> = S extends
  { kind: 'boolean' } | { kind: 'list' } | { required: true }
  ? true
  : S extends { emptyMeansNone: true } | { default: '' }
    ? false
    : S extends { default: `\${{${string}` }
      ? false
      : S extends { default: string }
        ? true
        : false;

export type ParsedInputs<S extends InputSpecs> = {
  [K in keyof S]: Present<S[K]> extends true ? Value<S[K]> : Value<S[K]> | undefined;
};

export function defineInputs<const S extends InputSpecs>(specs: S): S {
  return specs;
}

/** Reads an input; undefined when the runner did not set it (then the declared default applies). */
export type GetInput = (name: string) => string | undefined;

/** The runner passes input `Name x` as INPUT_NAME_X, with its default already applied. */
export function envInput(env: NodeJS.ProcessEnv = process.env): GetInput {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/** Every declared input, parsed: typed values, or a UsageError naming the first bad input. */
export function readInputs<const S extends InputSpecs>(
  specs: S,
  getInput: GetInput = envInput(),
): ParsedInputs<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs))
    values[name] = readInput(name, spec, getInput(name));
  return values as ParsedInputs<S>;
}

function readInput(name: string, spec: InputSpec, raw: string | undefined): unknown {
  // A default such as ${{ github.token }} is the runner's to evaluate; unset here, it is empty.
  const fallback = spec.default?.includes('${{') ? '' : (spec.default ?? '');
  let text = raw ?? fallback;
  if (text === '' && !('emptyMeansNone' in spec && spec.emptyMeansNone)) text = fallback;
  if (text === '') {
    if (spec.required) throw new UsageError(`input "${name}" is required`);
    if (spec.kind === 'list') return [];
    if (spec.kind === 'boolean')
      throw new UsageError(`input "${name}" must be true or false (got "")`);
    return undefined;
  }
  switch (spec.kind) {
    case 'string':
    case 'path':
      return text;
    case 'list':
      return text
        .split(spec.separators ?? /\n/)
        .map((item) => item.trim())
        .filter(Boolean);
    case 'enum':
      if (spec.values.includes(text)) return text;
      throw new UsageError(
        `input "${name}" must be one of ${spec.values.join(', ')} (got "${text}")`,
      );
    case 'boolean':
      if (TRUE.includes(text)) return true;
      if (FALSE.includes(text)) return false;
      throw new UsageError(`input "${name}" must be true or false (got "${text}")`);
    case 'duration':
      if (DURATION.test(text)) return text;
      throw new UsageError(
        `input "${name}" must be a duration such as 30m, 2h or 0 (got "${text}")`,
      );
    case 'number':
    case 'integer':
      return readNumber(name, spec, text);
  }
}

function readNumber(
  name: string,
  spec: Extract<InputSpec, { kind: 'number' | 'integer' }>,
  text: string,
): number {
  const integer = spec.kind === 'integer';
  const pattern = integer ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  const value = Number(text);
  const low = spec.min === undefined || (spec.exclusive ? value > spec.min : value >= spec.min);
  const high = spec.max === undefined || (spec.exclusive ? value < spec.max : value <= spec.max);
  if (pattern.test(text) && Number.isFinite(value) && low && high) return value;
  const bounds = [
    spec.min === undefined ? '' : `${spec.exclusive ? 'above' : 'at least'} ${spec.min}`,
    spec.max === undefined ? '' : `${spec.exclusive ? 'below' : 'at most'} ${spec.max}`,
  ].filter(Boolean);
  const what = integer ? 'an integer' : 'a number';
  throw new UsageError(
    `input "${name}" must be ${what}${bounds.length ? ` ${bounds.join(' and ')}` : ''} (got "${text}")`,
  );
}

/** Parsed values back as text, for helpers that read inputs by name (targetsFromActionInputs). */
export function inputText(values: Record<string, unknown>): (name: string) => string {
  return (name) => (values[name] === undefined ? '' : String(values[name]));
}

export { TARGET_INPUTS, MIRROR_INPUTS } from './targets.js';
