import type { Pricer, TokenUsage } from '../pricing/index.js';

/**
 * Fills in the cost of records that lack one, with the pricing module's `priceUsage` (the same
 * prices and override file as the cost and dry-run stages). Looking a model up in
 * @pydantic/genai-prices takes tens of microseconds, too slow for a million records, so each
 * model's price per token is looked up once and applied linearly. Tiered prices (such as above
 * 200k input tokens) only start far above LINEAR_UP_TO_INPUT_TOKENS; larger requests are priced
 * exactly, one by one.
 */
export const LINEAR_UP_TO_INPUT_TOKENS = 32_000;
const PROBE = 10_000;

interface Rates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export class UsagePricer {
  private readonly rates = new Map<string, Rates | null>();

  constructor(private readonly pricer: Pricer) {}

  /** USD for one call, or undefined when the model has no price anywhere. */
  price(model: string, usage: TokenUsage): number | undefined {
    if (usage.input > LINEAR_UP_TO_INPUT_TOKENS) {
      const exact = this.pricer.priceUsage(model, usage);
      return exact.unpriced ? undefined : exact.usd;
    }
    let rates = this.rates.get(model);
    if (rates === undefined) this.rates.set(model, (rates = this.probe(model)));
    if (rates === null) return undefined;
    const { input, output, cacheRead, cacheWrite } = usage;
    const uncached = Math.max(0, input - cacheRead - cacheWrite);
    const cached = cacheRead * rates.cacheRead + cacheWrite * rates.cacheWrite;
    return uncached * rates.input + output * rates.output + cached;
  }

  private probe(model: string): Rates | null {
    const at = (input: number, output: number, cacheRead = 0, cacheWrite = 0) =>
      this.pricer.priceUsage(model, { input, output, cacheRead, cacheWrite });
    const input = at(PROBE, 0);
    if (input.unpriced) return null;
    return {
      input: input.usd / PROBE,
      output: (at(PROBE, PROBE).usd - input.usd) / PROBE,
      cacheRead: at(PROBE, 0, PROBE).usd / PROBE,
      cacheWrite: at(PROBE, 0, 0, PROBE).usd / PROBE,
    };
  }
}
