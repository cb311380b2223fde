import { priceUsage } from '../cost/index.js';
import type { Usage } from './types.js';

/**
 * The USD price of one call, through the cost stage's `priceUsage` (@pydantic/genai-prices data),
 * or undefined for a model without a price: the report then shows tokens without a made-up cost.
 */
export function priceOfCall(model: string, usage: Usage): number | undefined {
  if (!model) return undefined;
  const priced = priceUsage({ model, inputTokens: usage.input, outputTokens: usage.output, cacheReadTokens: usage.cacheRead, cacheWriteTokens: usage.cacheWrite });
  return priced.unpriced ? undefined : priced.usd;
}
