export interface FakeUpstream {
  url: string;
  /** Base URL in the OPENAI_BASE_URL convention (with /v1). */
  openai: string;
  /** Base URL in the ANTHROPIC_BASE_URL convention (without /v1). */
  anthropic: string;
  requests: Array<{ path: string; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }>;
  close(): Promise<void>;
}
export function startFakeUpstream(options?: { apiKey?: string }): Promise<FakeUpstream>;
export function answerFor(body: Record<string, unknown>, endpoint: 'chat' | 'responses' | 'messages'): { text?: string; tool?: { name: string; args: Record<string, unknown> } };
