import { addUsage, emptyUsage, totalTokens, type Usage } from './types.js';

/** The hard cap of a record or live run. */
export interface BudgetCap {
  maxTokens?: number;
  maxCostUsd?: number;
}

/** Where the budget went: one line per case and model. */
export interface BudgetLine {
  caseId: string;
  model: string;
  calls: number;
  refused: number;
  usage: Usage;
  costUsd: number;
}

export interface BudgetReport {
  cap: BudgetCap;
  tokens: number;
  costUsd: number;
  refusedCalls: number;
  lines: BudgetLine[];
}

/**
 * Spending of calls that reach a real provider, against the cap. A call is refused when the cap is
 * already reached or when its prompt alone (estimated) would cross it.
 */
export class BudgetLedger {
  private tokens = 0;
  private cost = 0;
  private refused = 0;
  /** Estimated input tokens of calls on their way: concurrent cases cannot together slip past the cap. */
  private pending = 0;
  private readonly lines = new Map<string, BudgetLine>();

  constructor(readonly cap: BudgetCap = {}) {}

  /** Why a call of about `estimatedInputTokens` must be refused, or undefined when it may go. */
  refusal(estimatedInputTokens: number, priced: boolean): string | undefined {
    const { maxTokens, maxCostUsd } = this.cap;
    if (maxTokens !== undefined && this.tokens + this.pending + estimatedInputTokens > maxTokens) {
      return `the token cap of ${maxTokens} is reached (${this.tokens} used${this.pending ? `, ${this.pending} on their way` : ''}, this request needs about ${estimatedInputTokens} input tokens)`;
    }
    if (maxCostUsd !== undefined && this.cost >= maxCostUsd) {
      return `the cost cap of $${maxCostUsd} is reached ($${this.cost.toFixed(4)} spent)`;
    }
    if (maxCostUsd !== undefined && !priced) {
      return `the model has no known price, so the cost cap of $${maxCostUsd} cannot be enforced for it`;
    }
    return undefined;
  }

  /** Holds a call's estimate while it runs; `release` it when the answer (or an error) is in. */
  hold(estimatedInputTokens: number): void {
    this.pending += estimatedInputTokens;
  }

  release(estimatedInputTokens: number): void {
    this.pending -= estimatedInputTokens;
  }

  record(caseId: string, model: string, usage: Usage, costUsd: number | undefined): void {
    this.tokens += totalTokens(usage);
    this.cost += costUsd ?? 0;
    const line = this.line(caseId, model);
    line.calls++;
    line.usage = addUsage(line.usage, usage);
    line.costUsd += costUsd ?? 0;
  }

  recordRefusal(caseId: string, model: string): void {
    this.refused++;
    this.line(caseId, model).refused++;
  }

  report(): BudgetReport {
    return { cap: this.cap, tokens: this.tokens, costUsd: round(this.cost), refusedCalls: this.refused, lines: [...this.lines.values()].map((l) => ({ ...l, costUsd: round(l.costUsd) })) };
  }

  private line(caseId: string, model: string): BudgetLine {
    const id = `${caseId}\0${model}`;
    let line = this.lines.get(id);
    if (!line) {
      line = { caseId, model, calls: 0, refused: 0, usage: emptyUsage(), costUsd: 0 };
      this.lines.set(id, line);
    }
    return line;
  }
}

export function round(usd: number): number {
  return Math.round(usd * 1e8) / 1e8;
}
