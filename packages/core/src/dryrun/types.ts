/** The provider APIs the proxy speaks. */
export type Provider = 'openai' | 'anthropic';
/** `chat` = OpenAI Chat Completions, `responses` = OpenAI Responses, `messages` = Anthropic Messages. */
export type Endpoint = 'chat' | 'responses' | 'messages';
export type ProxyMode = 'replay' | 'record' | 'live';
export const PROXY_MODES: readonly ProxyMode[] = ['replay', 'record', 'live'];

/** Placed in an agent's key variables: the proxy adds the real key upstream, so an agent that bypasses the proxy gets nowhere. */
export const PLACEHOLDER_KEY = 'agentship-proxy-key';

/** Tokens of one call or a sum of calls. `input` includes cache reads and writes. */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export function emptyUsage(): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return { input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheWrite: a.cacheWrite + b.cacheWrite };
}

export function totalTokens(u: Usage): number {
  return u.input + u.output;
}

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
