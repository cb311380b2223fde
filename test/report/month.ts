/**
 * A generated month (June 2025) of one production deployment's usage, with known events planted:
 * - day 12: triage uses four times its tokens (a cost anomaly for triage and for production);
 * - day 15: every release-manager task fails with a 401 whose message holds an API key;
 * - day 18: triage breaks a policy once;
 * - day 20: 30% of reviewer tasks fail (an error-rate anomaly);
 * - day 22: docs-writer's quality scores drop from about 0.85 to about 0.55;
 * - day 26, 10:00: summarizer stops reporting (a stall).
 * Every other day is ordinary: counts vary by ±10% and tokens by ±30% per record.
 */
export const MONTH_START = Date.UTC(2025, 5, 1);
export const AS_OF = Date.UTC(2025, 6, 1) - 1;
/** Shaped like an Anthropic key (93 characters and AA), built in pieces so this file holds no key. */
export const LEAKED_KEY = 'sk-ant-api03-' + 'Qx7vR2mK9pL4nT8wZ3cY6bH1jF5dS0aE'.repeat(2) + '-AbCdEfGh' + 'Zz9Yy8Xx7Ww6Vv5Uu4Tt' + 'AA';
const DAY = 86_400_000;

interface AgentPlan {
  agent: string;
  workflow: string;
  phase: string;
  model: string;
  perDay: number;
  input: number;
  output: number;
  failRate: number;
  kind: 'call' | 'task';
  /** Price per million input and output tokens; undefined: the record carries no cost. */
  prices?: [number, number];
  score?: number;
}

const AGENTS: AgentPlan[] = [
  { agent: 'triage', workflow: 'issue-triage', phase: 'classify', model: 'claude-haiku-4-5', perDay: 400, input: 3000, output: 600, failRate: 0.01, kind: 'call' },
  { agent: 'reviewer', workflow: 'pr-review', phase: 'review', model: 'claude-sonnet-4-5', perDay: 120, input: 12000, output: 1500, failRate: 0.02, kind: 'task', prices: [3, 15] },
  { agent: 'release-manager', workflow: 'release', phase: 'publish', model: 'claude-sonnet-4-5', perDay: 12, input: 8000, output: 2000, failRate: 0, kind: 'task', prices: [3, 15] },
  { agent: 'docs-writer', workflow: 'docs', phase: 'draft', model: 'claude-sonnet-4-5', perDay: 30, input: 6000, output: 2500, failRate: 0.01, kind: 'task', prices: [3, 15], score: 0.85 },
  { agent: 'summarizer', workflow: 'incident', phase: 'summarize', model: 'gpt-4o-mini', perDay: 40, input: 5000, output: 400, failRate: 0.01, kind: 'task', prices: [0.15, 0.6] },
];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The month as JSONL records, in time order. `days` shortens it (the last days are left out). */
export function generateMonth(options: { seed?: number; days?: number; plant?: boolean } = {}): Record<string, unknown>[] {
  const random = prng(options.seed ?? 20250601);
  const plant = options.plant ?? true;
  const days = options.days ?? 30;
  const records: Record<string, unknown>[] = [];
  for (let d = 0; d < days; d++) {
    const dayNumber = d + 1;
    for (const plan of AGENTS) {
      const n = Math.round(plan.perDay * (0.9 + 0.2 * random()));
      for (let i = 0; i < n; i++) {
        const time = MONTH_START + d * DAY + Math.floor(((i + random()) / n) * DAY);
        if (plant && plan.agent === 'summarizer' && time >= MONTH_START + 25 * DAY + 10 * 3_600_000) continue;
        const tokenScale = plant && plan.agent === 'triage' && dayNumber === 12 ? 4 : 1;
        const input = Math.round(plan.input * tokenScale * (0.7 + 0.6 * random()));
        const output = Math.round(plan.output * tokenScale * (0.7 + 0.6 * random()));
        let failRate = plan.failRate;
        if (plant && plan.agent === 'reviewer' && dayNumber === 20) failRate = 0.3;
        if (plant && plan.agent === 'release-manager' && dayNumber === 15) failRate = 1;
        const failed = random() < failRate;
        const record: Record<string, unknown> = {
          timestamp: new Date(time).toISOString(),
          environment: 'production',
          agent: plan.agent,
          workflow: plan.workflow,
          phase: plan.phase,
          model: plan.model,
          kind: plan.kind,
          input_tokens: input,
          output_tokens: output,
          success: !failed,
          duration_ms: Math.round(2000 + 8000 * random()),
        };
        if (plan.prices) record.cost_usd = Math.round(((input * plan.prices[0] + output * plan.prices[1]) / 1e6) * 1e6) / 1e6;
        if (failed) record.error = plan.agent === 'release-manager' && dayNumber === 15 ? `401 Unauthorized: invalid x-api-key ${LEAKED_KEY}` : 'upstream timeout';
        if (plan.score !== undefined) {
          const center = plant && plan.agent === 'docs-writer' && dayNumber === 22 ? 0.55 : plan.score;
          record.score = Math.max(0, Math.min(1, Math.round((center + (random() - 0.5) * 0.1) * 1000) / 1000));
        }
        if (plant && plan.agent === 'triage' && dayNumber === 18 && i === 100) record.policy_violation = 'wrote outside allowed paths';
        records.push(record);
      }
    }
  }
  return records.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
}

export function toJsonl(records: Record<string, unknown>[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
