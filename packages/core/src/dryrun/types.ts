/** The provider APIs the proxy speaks. */
export type Provider = 'openai' | 'anthropic';
/** `chat` = OpenAI Chat Completions, `responses` = OpenAI Responses, `messages` = Anthropic Messages. */
export type Endpoint = 'chat' | 'responses' | 'messages';
export type ProxyMode = 'replay' | 'record' | 'live';
export const PROXY_MODES: readonly ProxyMode[] = ['replay', 'record', 'live'];

/** Placed in an agent's key variables: the proxy adds the real key upstream, so an agent that bypasses the proxy gets nowhere. */
export const PLACEHOLDER_KEY = 'agentship-proxy-key';

import type { TokenUsage } from '../pricing/index.js';

/** Tokens of one call or a sum of calls: the pricing module's one token-usage type. */
export type Usage = TokenUsage;
export { addUsage, emptyUsage, totalTokens } from '../pricing/index.js';

export interface ToolCall {
  name: string;
  /** The arguments as the model sent them (a JSON string for OpenAI, an object for Anthropic). */
  arguments: unknown;
}

/** What the proxy learnt from one model call of a case. */
export interface CallRecord {
  provider: Provider;
  endpoint: Endpoint;
  model: string;
  /** The cassette key: a hash of the canonical request. */
  key: string;
  /** cassette: answered in replay; upstream: forwarded (record, live); refused: over the budget cap; miss: no cassette. */
  source: 'cassette' | 'upstream' | 'refused' | 'miss' | 'error';
  status: number;
  stream: boolean;
  usage: Usage;
  /** USD; undefined when the model has no known price. */
  costUsd?: number;
  latencyMs: number;
  text: string;
  toolCalls: ToolCall[];
  /** Why the call failed (miss, refusal, upstream error), in words a user can act on. */
  error?: string;
}
