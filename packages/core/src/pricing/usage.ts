/**
 * Tokens of one model call or a sum of calls: the one shape the dry run, the cost projection and
 * the usage report price. `input` is every input token, cache reads and writes included (OpenAI's
 * `prompt_tokens`; for Anthropic's usage, `input_tokens + cache_read_input_tokens +
 * cache_creation_input_tokens`). The dry-run results JSON stores it under these names.
 */
export interface TokenUsage {
  input: number;
  output: number;
  /** The part of `input` read from the prompt cache. */
  cacheRead: number;
  /** The part of `input` written to the prompt cache. */
  cacheWrite: number;
}

export function emptyUsage(): TokenUsage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

export function totalTokens(u: TokenUsage): number {
  return u.input + u.output;
}
