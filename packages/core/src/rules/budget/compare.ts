import type { Severity } from '../../findings/index.js';
import { estimateForModel } from '../../tokens/index.js';

export interface Overrun {
  severity: Severity;
  /** How the count compares, for the message: "5,200 tokens (o200k)" or "~6,240 (6,032-6,760) for claude-sonnet-4-5". */
  amount: string;
  verb: 'exceeds' | 'may exceed';
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Compares an o200k count against a budget for each model. An exact count over the budget, or an
 * estimate whose whole range is over it, is an error; an estimate whose range straddles the budget
 * is a warning: research (tokens-pricing-secrets.md 2.4) says never to gate hard on an estimate near the line.
 */
export function overrun(o200kTokens: number, limit: number, models: string[]): Overrun | undefined {
  if (models.length === 0) {
    return o200kTokens > limit ? { severity: 'error', amount: `${n(o200kTokens)} tokens (o200k)`, verb: 'exceeds' } : undefined;
  }
  let worst: (Overrun & { used: number }) | undefined;
  for (const model of models) {
    const e = estimateForModel(o200kTokens, model);
    let found: (Overrun & { used: number }) | undefined;
    if (e.exact) {
      if (e.tokens > limit) found = { severity: 'error', amount: `${n(e.tokens)} tokens for ${model}`, verb: 'exceeds', used: e.tokens };
    } else if (e.low > limit) {
      found = { severity: 'error', amount: `~${n(e.tokens)} tokens (${n(e.low)}-${n(e.high)}, estimated) for ${model}`, verb: 'exceeds', used: e.tokens };
    } else if (e.high > limit) {
      found = { severity: 'warning', amount: `~${n(e.tokens)} tokens (${n(e.low)}-${n(e.high)}, estimated) for ${model}`, verb: 'may exceed', used: e.tokens };
    }
    if (found && (!worst || (found.severity === 'error' && worst.severity !== 'error') || (found.severity === worst.severity && found.used > worst.used))) worst = found;
  }
  if (!worst) return undefined;
  const { used: _used, ...result } = worst;
  return result;
}

export function budgetName(limit: number, source: string, environment?: string): string {
  return `${n(limit)} tokens (${environment ? `environment ${environment}, ` : ''}${source})`;
}
