export {
  loadPricer,
  roundUsd,
  type Pricer,
  type PricedUsage,
  type PriceOptions,
} from './pricer.js';
export {
  loadPriceOverrides,
  noOverrides,
  DEFAULT_BATCH_DISCOUNT_PERCENT,
  type PriceOverrides,
  type ModelPriceOverride,
} from './overrides.js';
export { addUsage, emptyUsage, totalTokens, type TokenUsage } from './usage.js';
