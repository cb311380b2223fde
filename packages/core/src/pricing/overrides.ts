import { readFileSync } from 'node:fs';
import type { Finding } from '../findings/index.js';
import { parseJson, parseYaml } from '../parse/index.js';

/** A price in USD per million tokens, for a custom model or in place of the list price. */
export interface ModelPriceOverride {
  inputPerMtok?: number;
  outputPerMtok?: number;
  cacheReadPerMtok?: number;
  cacheWritePerMtok?: number;
  /** Price this model as another one (a proxy's or a cloud's name for a public model). */
  priceAs?: string;
  /** A negotiated discount on whatever price applies, in percent. */
  discountPercent?: number;
}

export interface PriceOverrides {
  /** Relative path of the file, for `source`. */
  file?: string;
  models: Record<string, ModelPriceOverride>;
  /** Discount of batch requests in percent (default 50: Anthropic's and OpenAI's batch APIs). */
  batchDiscountPercent: number;
}

export const DEFAULT_BATCH_DISCOUNT_PERCENT = 50;

export function noOverrides(): PriceOverrides {
  return { models: {}, batchDiscountPercent: DEFAULT_BATCH_DISCOUNT_PERCENT };
}

const OVERRIDE_KEYS: Record<string, keyof ModelPriceOverride> = {
  'input-per-mtok': 'inputPerMtok',
  'output-per-mtok': 'outputPerMtok',
  'cache-read-per-mtok': 'cacheReadPerMtok',
  'cache-write-per-mtok': 'cacheWritePerMtok',
  'price-as': 'priceAs',
  'discount-percent': 'discountPercent',
};

/**
 * Reads a price override file (YAML or JSON, schemas/price-overrides.schema.json). Problems are
 * findings with lines; the entries that are valid are kept.
 */
export function loadPriceOverrides(
  absPath: string,
  relPath: string,
): { overrides: PriceOverrides; problems: Finding[] } {
  const overrides: PriceOverrides = { ...noOverrides(), file: relPath };
  const problems: Finding[] = [];
  const problem = (message: string, line?: number) =>
    problems.push({
      ruleId: 'cost/invalid-price-override',
      severity: 'error',
      message,
      file: relPath,
      line,
    });
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (error) {
    problem(`Price override file could not be read (${(error as NodeJS.ErrnoException).code}).`);
    return { overrides, problems };
  }
  const parsed = relPath.endsWith('.json') ? parseJson(text) : parseYaml(text);
  for (const p of parsed.problems) problem(p.message, p.line);
  const root = parsed.value;
  if (root === undefined || root === null) return { overrides, problems };
  if (!isRecord(root)) {
    problem('A price override file is a mapping with a `models:` key.', 1);
    return { overrides, problems };
  }
  for (const key of Object.keys(root)) {
    if (key !== 'models' && key !== 'batch-discount-percent' && key !== '$schema')
      problem(`Unknown key "${key}".`, parsed.lineOf([key]));
  }
  const batch = root['batch-discount-percent'];
  if (batch !== undefined) {
    if (isPercent(batch)) overrides.batchDiscountPercent = batch;
    else
      problem(
        'batch-discount-percent must be a number from 0 to 100.',
        parsed.lineOf(['batch-discount-percent']),
      );
  }
  const models = root.models;
  if (models !== undefined && !isRecord(models))
    problem('models must map model ids to prices.', parsed.lineOf(['models']));
  for (const [id, entry] of Object.entries(isRecord(models) ? models : {})) {
    const at = (k?: string) => parsed.lineOf(k ? ['models', id, k] : ['models', id]);
    if (!isRecord(entry)) {
      problem(`models.${id} must be a mapping of prices.`, at());
      continue;
    }
    const price: ModelPriceOverride = {};
    let valid = true;
    for (const [key, value] of Object.entries(entry)) {
      const field = OVERRIDE_KEYS[key];
      if (!field) {
        problem(`models.${id}: unknown key "${key}".`, at(key));
        valid = false;
      } else if (field === 'priceAs') {
        if (typeof value === 'string' && value) price.priceAs = value;
        else (problem(`models.${id}.price-as must be a model id.`, at(key)), (valid = false));
      } else if (field === 'discountPercent') {
        if (isPercent(value)) price.discountPercent = value;
        else
          (problem(`models.${id}.discount-percent must be a number from 0 to 100.`, at(key)),
            (valid = false));
      } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
        price[field] = value;
      else
        (problem(
          `models.${id}.${key} must be a number of USD per million tokens, 0 or more.`,
          at(key),
        ),
          (valid = false));
    }
    if (
      price.inputPerMtok === undefined &&
      (price.outputPerMtok !== undefined ||
        price.cacheReadPerMtok !== undefined ||
        price.cacheWritePerMtok !== undefined)
    ) {
      problem(`models.${id} sets token prices without input-per-mtok.`, at());
      valid = false;
    }
    if (valid) overrides.models[id] = price;
  }
  return { overrides, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPercent(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}
