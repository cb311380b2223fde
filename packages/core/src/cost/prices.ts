import { readFileSync } from 'node:fs';
import { calcPrice } from '@pydantic/genai-prices';
import type { Finding } from '../findings/index.js';
import { parseJson, parseYaml } from '../parse/index.js';
import { tokenFamily } from '../tokens/index.js';

/**
 * The one place that knows where prices come from: @pydantic/genai-prices (bundled data, no
 * network) and a user's override file for custom models and negotiated prices. The dry-run,
 * monitoring and cost stages all price usage through `priceUsage`.
 */
export interface UsageToPrice {
  model: string;
  /**
   * Every input token of the request, cache reads and writes included (OpenAI's `prompt_tokens`;
   * for Anthropic's usage add `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`).
   */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` read from the prompt cache. */
  cacheReadTokens?: number;
  /** The part of `inputTokens` written to the prompt cache. */
  cacheWriteTokens?: number;
  /** Sent through a batch API (Anthropic Message Batches, OpenAI Batch): a discount on the whole request. */
  batch?: boolean;
  /**
   * `o200k` when the counts came from the o200k tokenizer rather than the model's own usage: they
   * are converted with the model family's ratio and the price comes with a range.
   */
  countedWith?: 'model' | 'o200k';
}

export interface PricedUsage {
  usd: number;
  /** Where the price came from: `genai-prices anthropic/claude-sonnet-4-5`, `override price-overrides.yaml`. */
  source: string;
  /** Set when the model has no price anywhere: `usd` is then 0 and must not be read as free. */
  unpriced?: boolean;
  /** Set when the token counts were estimated (`countedWith: 'o200k'` for a model without a public tokenizer). */
  estimate?: { lowUsd: number; highUsd: number; family: string };
}

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

/** Prices one request (tiers such as Anthropic's >200k input apply per request) or a sum of identical ones. */
export function priceUsage(usage: UsageToPrice, overrides: PriceOverrides = noOverrides()): PricedUsage {
  if (usage.countedWith === 'o200k') {
    const family = tokenFamily(usage.model);
    if (!family.exact) {
      const at = (ratio: number) => priceExact(scaleUsage(usage, ratio), overrides);
      const point = at(family.ratio);
      if (point.unpriced) return point;
      return { ...point, estimate: { lowUsd: at(family.low).usd, highUsd: at(family.high).usd, family: family.family } };
    }
  }
  return priceExact(usage, overrides);
}

function scaleUsage(usage: UsageToPrice, ratio: number): UsageToPrice {
  const scale = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * ratio));
  return { ...usage, inputTokens: scale(usage.inputTokens)!, outputTokens: scale(usage.outputTokens)!, cacheReadTokens: scale(usage.cacheReadTokens), cacheWriteTokens: scale(usage.cacheWriteTokens) };
}

function priceExact(usage: UsageToPrice, overrides: PriceOverrides): PricedUsage {
  const override = lookupOverride(overrides, usage.model);
  const fromFile = overrides.file ?? 'price overrides';
  const cacheRead = Math.max(0, usage.cacheReadTokens ?? 0);
  const cacheWrite = Math.max(0, usage.cacheWriteTokens ?? 0);
  // Inputs that do not add up (cache parts larger than the total) count the cache parts in full.
  const input = Math.max(usage.inputTokens, cacheRead + cacheWrite);
  const output = Math.max(0, usage.outputTokens);
  const batchFactor = usage.batch ? 1 - overrides.batchDiscountPercent / 100 : 1;
  const discount = 1 - (override?.discountPercent ?? 0) / 100;

  let usd: number;
  let source: string;
  if (override && override.inputPerMtok !== undefined) {
    const perMtok = (n: number, price: number | undefined, fallback: number) => (n * (price ?? fallback)) / 1e6;
    usd =
      perMtok(input - cacheRead - cacheWrite, override.inputPerMtok, 0) +
      perMtok(cacheRead, override.cacheReadPerMtok, override.inputPerMtok) +
      perMtok(cacheWrite, override.cacheWritePerMtok, override.inputPerMtok) +
      perMtok(output, override.outputPerMtok, override.inputPerMtok);
    source = `override ${fromFile}`;
  } else {
    const model = override?.priceAs ?? usage.model;
    const listed = listPrice(model, { input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite });
    if (!listed) return { usd: 0, source: `no price for ${usage.model}`, unpriced: true };
    usd = listed.usd;
    source = `genai-prices ${listed.id}` + (override ? ` via ${fromFile}` : '');
  }
  // Not rounded: a projection multiplies it by thousands of calls. Reports round.
  return { usd: usd * discount * batchFactor, source };
}

/** genai-prices matches bare model ids; a `provider/model` id is tried with its provider first. */
function listPrice(model: string, usage: Record<string, number>): { usd: number; id: string } | undefined {
  const slash = model.indexOf('/');
  const attempts: Array<[string, string | undefined]> = slash > 0 ? [[model.slice(slash + 1), model.slice(0, slash)], [model.slice(slash + 1), undefined], [model, undefined]] : [[model, undefined]];
  for (const [id, providerId] of attempts) {
    let result: ReturnType<typeof calcPrice> = null;
    try {
      result = calcPrice(usage, id, providerId ? { providerId } : undefined);
    } catch {
      result = null; // an unknown provider id throws in some versions; treat it as no match
    }
    if (result) return { usd: result.total_price, id: `${result.provider.id}/${result.model.id}` };
  }
  return undefined;
}

function lookupOverride(overrides: PriceOverrides, model: string): ModelPriceOverride | undefined {
  return overrides.models[model] ?? overrides.models[model.toLowerCase()];
}

/** Micro-dollar precision: enough for one request, free of float noise in reports. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
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
export function loadPriceOverrides(absPath: string, relPath: string): { overrides: PriceOverrides; problems: Finding[] } {
  const overrides: PriceOverrides = { ...noOverrides(), file: relPath };
  const problems: Finding[] = [];
  const problem = (message: string, line?: number) => problems.push({ ruleId: 'cost/invalid-price-override', severity: 'error', message, file: relPath, line });
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
    if (key !== 'models' && key !== 'batch-discount-percent' && key !== '$schema') problem(`Unknown key "${key}".`, parsed.lineOf([key]));
  }
  const batch = root['batch-discount-percent'];
  if (batch !== undefined) {
    if (isPercent(batch)) overrides.batchDiscountPercent = batch;
    else problem('batch-discount-percent must be a number from 0 to 100.', parsed.lineOf(['batch-discount-percent']));
  }
  const models = root.models;
  if (models !== undefined && !isRecord(models)) problem('models must map model ids to prices.', parsed.lineOf(['models']));
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
        else (problem(`models.${id}.discount-percent must be a number from 0 to 100.`, at(key)), (valid = false));
      } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) price[field] = value;
      else (problem(`models.${id}.${key} must be a number of USD per million tokens, 0 or more.`, at(key)), (valid = false));
    }
    if (price.inputPerMtok === undefined && (price.outputPerMtok !== undefined || price.cacheReadPerMtok !== undefined || price.cacheWritePerMtok !== undefined)) {
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
