import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadPricer, type Pricer } from '../pricing/index.js';
import { o200k } from '../tokens/index.js';
import { BudgetLedger, type BudgetCap } from './budget.js';
import { canonicalRequest, preview, requestKey } from './canonical.js';
import { CassetteStore, type Cassette } from './cassettes.js';
import { formatSseEvent, parseSse, summarizeResponse, summarizeStream, type ResponseSummary, type SseEvent } from './exchange.js';
import { redactJson } from './redaction.js';
import { emptyUsage, PLACEHOLDER_KEY, type CallRecord, type Endpoint } from './types.js';
import type { Provider, ProxyMode, Usage } from './types.js';

/** Where record and live mode send calls. Tests point these at a loopback server speaking the same API. */
export interface UpstreamUrls {
  /** OpenAI base URL including /v1 (the OPENAI_BASE_URL convention). */
  openai: string;
  /** Anthropic base URL without /v1 (the ANTHROPIC_BASE_URL convention). */
  anthropic: string;
}

export const DEFAULT_UPSTREAM: UpstreamUrls = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' };

export interface ProxyOptions {
  mode: ProxyMode;
  cassettes: CassetteStore;
  upstream?: Partial<UpstreamUrls>;
  /** Where API keys are read in record and live mode (OPENAI_API_KEY, ANTHROPIC_API_KEY). Never stored. */
  env?: NodeJS.ProcessEnv;
  cap?: BudgetCap;
  /** Prices calls for the cost cap and the report (default: list prices, no override file). */
  pricer?: Pricer;
  /** The command that re-records, shown in a replay miss. */
  rerecordHint?: string;
}

/** The calls of one test case, told apart by a token in the base URL so cases may run concurrently. */
export interface ProxySession {
  caseId: string;
  token: string;
  calls: CallRecord[];
  /** Values for OPENAI_BASE_URL and ANTHROPIC_BASE_URL. */
  baseUrls: { openai: string; anthropic: string };
}

const ROUTES: Record<string, { provider: Provider; endpoint: Endpoint }> = {
  'openai/v1/chat/completions': { provider: 'openai', endpoint: 'chat' },
  'openai/v1/responses': { provider: 'openai', endpoint: 'responses' },
  'anthropic/v1/messages': { provider: 'anthropic', endpoint: 'messages' },
};

/** Request headers passed to the provider besides auth: versions and feature flags, never cookies. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta', 'openai-organization', 'openai-project', 'openai-beta'];

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The model proxy: an HTTP server on 127.0.0.1 that speaks OpenAI Chat Completions and Responses and
 * Anthropic Messages, streaming included. replay answers from cassettes and never touches the
 * network; record forwards and saves; live forwards only. Both forwarding modes are capped.
 */
export class ModelProxy {
  readonly ledger: BudgetLedger;
  private server: Server | undefined;
  private readonly sessions = new Map<string, ProxySession>();
  private readonly upstream: UpstreamUrls;
  private readonly env: NodeJS.ProcessEnv;
  private pricer: Pricer | undefined;
  url = '';

  constructor(readonly options: ProxyOptions) {
    this.ledger = new BudgetLedger(options.cap);
    this.upstream = { ...DEFAULT_UPSTREAM, ...stripUndefined(options.upstream ?? {}) };
    this.env = options.env ?? process.env;
  }

  async start(): Promise<string> {
    this.pricer = this.options.pricer ?? (await loadPricer());
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `agentship proxy: ${(error as Error).message}`, type: 'agentship_proxy_error' } }));
      });
    });
    // Agents reuse connections; do not let a keep-alive socket hold the process open after close().
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Opens the call log of one case; its base URLs route every call into it. */
  session(caseId: string): ProxySession {
    const token = randomBytes(6).toString('hex');
    const base = `${this.url}/s/${token}`;
    const session: ProxySession = { caseId, token, calls: [], baseUrls: { openai: `${base}/openai/v1`, anthropic: `${base}/anthropic` } };
    this.sessions.set(token, session);
    return session;
  }

  endSession(session: ProxySession): void {
    this.sessions.delete(session.token);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/s\/([0-9a-f]+)\/(.*)$/.exec(url.pathname);
    const session = match ? this.sessions.get(match[1]) : undefined;
    const route = ROUTES[(match ? match[2] : url.pathname.slice(1)).replace(/\/$/, '')];
    const provider: Provider = (match?.[2] ?? url.pathname).includes('anthropic') ? 'anthropic' : 'openai';
    if (!route || req.method !== 'POST') {
      return sendError(res, provider, 404, 'not_found_error', `agentship proxy: no route for ${req.method} ${url.pathname}. It serves POST /openai/v1/chat/completions, /openai/v1/responses and /anthropic/v1/messages under the base URLs it sets.`);
    }
    if (match && !session) return sendError(res, provider, 404, 'not_found_error', 'agentship proxy: this base URL belongs to a case that has finished.');
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      const parsed = JSON.parse(raw.toString('utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the body is not a JSON object');
      body = parsed as Record<string, unknown>;
    } catch (error) {
      return sendError(res, route.provider, 400, 'invalid_request_error', `agentship proxy: request body is not valid JSON (${(error as Error).message}).`);
    }
    const caseId = session?.caseId ?? '(no case)';
    const calls = session?.calls ?? [];
    const started = performance.now();
    const request = redactJson(canonicalRequest(body));
    const key = requestKey(route.provider, route.endpoint, request);
    const model = typeof body.model === 'string' ? body.model : '';
    const stream = body.stream === true;
    const base: Omit<CallRecord, 'source' | 'status' | 'latencyMs' | 'text' | 'toolCalls' | 'usage'> = { provider: route.provider, endpoint: route.endpoint, model, key, stream };

    if (this.options.mode === 'replay') {
      const cassette = this.options.cassettes.get(key);
      if (!cassette) {
        const message = this.missMessage(caseId, route.provider, route.endpoint, request, key);
        calls.push({ ...base, source: 'miss', status: 404, usage: emptyUsage(), latencyMs: performance.now() - started, text: '', toolCalls: [], error: message });
        return sendError(res, route.provider, 404, 'not_found_error', message);
      }
      const summary = replay(res, cassette);
      const usedModel = summary.model ?? model;
      calls.push({ ...base, model: usedModel, source: 'cassette', status: cassette.response.status, usage: summary.usage, costUsd: this.costOf(usedModel, summary.usage), latencyMs: performance.now() - started, text: summary.text, toolCalls: summary.toolCalls });
      return;
    }

    const estimate = o200k.count(JSON.stringify(body.messages ?? body.input ?? body));
    const refusal = this.ledger.refusal(estimate, this.pricer!.hasPrice(model));
    if (refusal) {
      const message = `agentship budget: call refused for case "${caseId}" (${route.provider} ${model}): ${refusal}.`;
      this.ledger.recordRefusal(caseId, model);
      calls.push({ ...base, source: 'refused', status: 402, usage: emptyUsage(), latencyMs: performance.now() - started, text: '', toolCalls: [], error: message });
      return sendError(res, route.provider, 402, 'budget_exceeded', message);
    }
    this.ledger.hold(estimate);
    let upstream: Awaited<ReturnType<ModelProxy['forward']>>;
    try {
      upstream = await this.forward(req, res, route.provider, route.endpoint, body);
    } finally {
      this.ledger.release(estimate);
    }
    const latencyMs = performance.now() - started;
    if (upstream.status < 200 || upstream.status >= 300) {
      calls.push({ ...base, source: 'error', status: upstream.status, usage: emptyUsage(), latencyMs, text: '', toolCalls: [], error: `upstream answered HTTP ${upstream.status}` });
      return;
    }
    const summary = upstream.events ? summarizeStream(route.endpoint, upstream.events) : summarizeResponse(route.endpoint, upstream.body);
    const usedModel = summary.model ?? model;
    const costUsd = this.costOf(usedModel, summary.usage);
    this.ledger.record(caseId, usedModel, summary.usage, costUsd);
    calls.push({ ...base, model: usedModel, source: 'upstream', status: upstream.status, usage: summary.usage, costUsd, latencyMs, text: summary.text, toolCalls: summary.toolCalls });
    if (this.options.mode === 'record') {
      this.options.cassettes.save({
        version: 1,
        key,
        provider: route.provider,
        endpoint: route.endpoint,
        recordedFor: session?.caseId,
        recordedAt: new Date().toISOString(),
        request,
        response: upstream.events ? { status: upstream.status, events: redactJson(upstream.events) } : { status: upstream.status, body: redactJson(upstream.body) },
      });
    }
  }

  /**
   * USD of one call, or undefined for a model without a price: the report then shows tokens
   * without a made-up cost.
   */
  private costOf(model: string, usage: Usage): number | undefined {
    if (!model) return undefined;
    const priced = this.pricer!.priceUsage(model, usage);
    return priced.unpriced ? undefined : priced.usd;
  }

  /** Sends the call to the provider with the key from the environment, and streams the answer back as it comes. */
  private async forward(req: IncomingMessage, res: ServerResponse, provider: Provider, endpoint: Endpoint, body: Record<string, unknown>): Promise<{ status: number; body?: unknown; events?: SseEvent[] }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // The key comes from the proxy's environment; the agent's own key is the fallback, unless it is
    // the placeholder the command runner gives agents.
    const agentKey = (value: unknown) => (typeof value === 'string' && !value.includes(PLACEHOLDER_KEY) ? value : undefined);
    const keyName = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    if (provider === 'openai') {
      const key = this.env.OPENAI_API_KEY;
      const auth = key ? `Bearer ${key}` : agentKey(req.headers.authorization);
      if (auth) headers.authorization = auth;
    } else {
      headers['anthropic-version'] ??= '2023-06-01';
      const key = this.env.ANTHROPIC_API_KEY ?? agentKey(req.headers['x-api-key']);
      if (key) headers['x-api-key'] = key;
      else if (agentKey(req.headers.authorization)) headers.authorization = req.headers.authorization!;
    }
    if (!headers.authorization && !headers['x-api-key']) {
      sendError(res, provider, 401, 'authentication_error', `agentship proxy: ${this.options.mode} mode calls the ${provider} API and needs ${keyName} in the environment of agentship (it is never stored).`);
      return { status: 401 };
    }
    const path = endpoint === 'chat' ? '/chat/completions' : endpoint === 'responses' ? '/responses' : '/v1/messages';
    const target = this.upstream[provider].replace(/\/$/, '') + path;
    let response: Response;
    try {
      response = await fetch(target, { method: 'POST', headers, body: JSON.stringify(body) });
    } catch (error) {
      const message = `agentship proxy: the ${provider} upstream ${new URL(target).origin} could not be reached (${(error as Error).message}).`;
      sendError(res, provider, 502, 'api_error', message);
      return { status: 502 };
    }
    const contentType = response.headers.get('content-type') ?? 'application/json';
    res.writeHead(response.status, { 'content-type': contentType });
    if (contentType.includes('text/event-stream') && response.body) {
      let text = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        res.write(chunk);
        text += decoder.decode(chunk, { stream: true });
      }
      text += decoder.decode();
      res.end();
      return { status: response.status, events: parseSse(text) };
    }
    const text = await response.text();
    res.end(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* a non-JSON error page is passed through as it came */
    }
    return { status: response.status, body: parsed };
  }

  private missMessage(caseId: string, provider: Provider, endpoint: Endpoint, request: Record<string, unknown>, key: string): string {
    const lines = [`agentship replay: no cassette for case "${caseId}": ${provider} ${endpoint} request with model ${preview(request.model)} (key ${key}) in ${this.options.cassettes.dir}.`];
    const nearest = this.options.cassettes.nearest(provider, endpoint, request);
    if (nearest) {
      lines.push(`Nearest cassette ${nearest.file} differs at:`);
      for (const d of nearest.differences) lines.push(`  ${d.path}: recorded ${preview(d.recorded)}, requested ${preview(d.requested)}`);
    } else lines.push(`No cassette for ${provider} ${endpoint} exists yet.`);
    const only = /^[\w.:/-]+$/.test(caseId) ? ` --grep ${caseId}` : '';
    lines.push(`To re-record: ${this.options.rerecordHint ?? 'agentship dry-run --mode record'}${only} (needs the provider API key in the environment).`);
    return lines.join('\n');
  }
}

/** Answers from a cassette in the framing it was recorded in (the key includes `stream`, so they agree). */
function replay(res: ServerResponse, cassette: Cassette): ResponseSummary {
  const { response } = cassette;
  if (response.events) {
    res.writeHead(response.status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(response.events.map(formatSseEvent).join(''));
    return summarizeStream(cassette.endpoint, response.events);
  }
  res.writeHead(response.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(response.body));
  return summarizeResponse(cassette.endpoint, response.body);
}

/** An error in the shape the agent's SDK parses, so the agent shows the message. */
function sendError(res: ServerResponse, provider: Provider, status: number, type: string, message: string): void {
  const body = provider === 'anthropic' ? { type: 'error', error: { type, message } } : { error: { message, type, code: type } };
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
