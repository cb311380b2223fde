import { tokenReport, type Client } from '../budget/index.js';
import type { Workspace } from '../discover/index.js';
import { TokenCache } from '../tokens/index.js';

/** The o200k tokens an agent sends on every model call before any task input. */
export interface AgentContext {
  agent: string;
  o200kTokens: number;
  /** Which client's loading rules the count follows. */
  client: Client;
  files: string[];
}

/**
 * The context an agent starts every call with, from the token report validate prints
 * (packages/core/src/budget: instruction chain with CLAUDE.md imports, plus the skill index).
 * The report counts a Claude Code and a Codex session; a Claude model is taken to run the
 * Claude Code chain, any other model the Codex (AGENTS.md) chain, else whichever exists.
 */
export function agentContext(ws: Workspace, agent: string, model: string | undefined, cache = new TokenCache()): AgentContext | undefined {
  const contexts = tokenReport(ws, cache).contexts.filter((c) => c.agent === agent);
  const preferred: Client = model?.toLowerCase().replace(/^[a-z-]+\//, '').startsWith('claude') ? 'claude-code' : 'codex';
  const chosen = contexts.find((c) => c.client === preferred) ?? contexts[0];
  return chosen && { agent, o200kTokens: chosen.tokens, client: chosen.client, files: chosen.files };
}
