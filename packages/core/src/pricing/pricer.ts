import type { PriceOverrides, ModelPriceOverride } from './overrides.js';
import { noOverrides } from './overrides.js';
import type { TokenUsage } from './usage.js';

export interface PricedUsage {
  usd: number;
  /**
   * Where the price came from: `genai-prices anthropic/claude-sonnet-4-5`,
   * `override price-overrides.yaml`.
   */
  source: string;
  /** Set when the model has no price anywhere: `usd` is then 0 and must not be read as free. */
  unpriced?: boolean;
}

export interface PriceOptions {
  /** Sent through a batch API (Anthropic Message Batches, OpenAI Batch): a discount on it all. */
  batch?: boolean;
}

/**
 * Prices token usage from @pydantic/genai-prices (bundled data, no network) and the user's override
 * file. Synchronous once loaded: the dry-run proxy, the cost projection and the usage report price
 * many calls and must not await each one.
 */
export interface Pricer {
  readonly overrides: PriceOverrides;
  /**
   * Prices one request (tiers such as Anthropic's >200k input apply per request) or a sum of
   * identical ones.
   */
  priceUsage(model: string, usage: TokenUsage, options?: PriceOptions): PricedUsage;
  /** Whether `model` has a price in the override file or in genai-prices. */
  hasPrice(model: string): boolean;
}

type CalcPrice = typeof import('@pydantic/genai-prices').calcPrice;

/**
 * The one place that loads @pydantic/genai-prices. It is imported here only, dynamically, so that a
 * bundle splits it into a chunk that actions which never price (deploy, rollback) do not load.
 */
export async function loadPricer(overrides: PriceOverrides = noOverrides()): Promise<Pricer> {
  const { calcPrice } = await import('@pydantic/genai-prices');
  const priceUsage = (model: string, usage: TokenUsage, options: PriceOptions = {}) =>
    priceExact(calcPrice, overrides, model, usage, options);
  return {
    overrides,
    priceUsage,
    hasPrice: (model) =>
      !priceUsage(model, { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 }).unpriced,
  };
}

function priceExact(
  calcPrice: CalcPrice,
  overrides: PriceOverrides,
  model: string,
  usage: TokenUsage,
  options: PriceOptions,
): PricedUsage {
  const override = lookupOverride(overrides, model);
  const fromFile = overrides.file ?? 'price overrides';
  const cacheRead = Math.max(0, usage.cacheRead);
  const cacheWrite = Math.max(0, usage.cacheWrite);
  // Inputs that do not add up (cache parts larger than the total) count the cache parts in full.
  const input = Math.max(usage.input, cacheRead + cacheWrite);
  const output = Math.max(0, usage.output);
  const batchFactor = options.batch ? 1 - overrides.batchDiscountPercent / 100 : 1;
  const discount = 1 - (override?.discountPercent ?? 0) / 100;

  let usd: number;
  let source: string;
  if (override && override.inputPerMtok !== undefined) {
    const perMtok = (n: number, price: number | undefined, fallback: number) =>
      (n * (price ?? fallback)) / 1e6;
    usd =
      perMtok(input - cacheRead - cacheWrite, override.inputPerMtok, 0) +
      perMtok(cacheRead, override.cacheReadPerMtok, override.inputPerMtok) +
      perMtok(cacheWrite, override.cacheWritePerMtok, override.inputPerMtok) +
      perMtok(output, override.outputPerMtok, override.inputPerMtok);
    source = `override ${fromFile}`;
  } else {
    const listedAs = override?.priceAs ?? model;
    const tokens = {
      input_tokens: input,
      output_tokens: output,
      cache_read_tokens: cacheRead,
      cache_write_tokens: cacheWrite,
    };
    const listed = listPrice(calcPrice, listedAs, tokens);
    if (!listed) return { usd: 0, source: `no price for ${model}`, unpriced: true };
    usd = listed.usd;
    source = `genai-prices ${listed.id}` + (override ? ` via ${fromFile}` : '');
  }
  // Not rounded: a projection multiplies it by thousands of calls. Reports round.
  return { usd: usd * discount * batchFactor, source };
}

/** genai-prices matches bare model ids; a `provider/model` id is tried with its provider first. */
function listPrice(
  calcPrice: CalcPrice,
  model: string,
  usage: Record<string, number>,
): { usd: number; id: string } | undefined {
  const slash = model.indexOf('/');
  const attempts: Array<[string, string | undefined]> =
    slash > 0
      ? [
          [model.slice(slash + 1), model.slice(0, slash)],
          [model.slice(slash + 1), undefined],
          [model, undefined],
        ]
      : [[model, undefined]];
  for (const [id, providerId] of attempts) {
    let result: ReturnType<CalcPrice> = null;
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
