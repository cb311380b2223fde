import { emptyUsage, type Endpoint, type ToolCall, type Usage } from './types.js';

/** One server-sent event; `data` is parsed JSON where it is JSON (`[DONE]` stays a string). */
export interface SseEvent {
  event?: string;
  data: unknown;
}

/** Splits an SSE stream into events (text/event-stream framing: blank-line separated, `event:`/`data:` fields). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n\n+/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0 && event === undefined) continue;
    const raw = data.join('\n');
    events.push(event === undefined ? { data: parseMaybeJson(raw) } : { event, data: parseMaybeJson(raw) });
  }
  return events;
}

export function formatSseEvent(e: SseEvent): string {
  const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  return `${e.event !== undefined ? `event: ${e.event}\n` : ''}data: ${data}\n\n`;
}

function parseMaybeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** What a response says, whichever API and framing it came in. */
export interface ResponseSummary {
  model?: string;
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- provider payloads are read defensively

/** Reads text, tool calls and usage from a complete JSON response. */
export function summarizeResponse(endpoint: Endpoint, body: unknown): ResponseSummary {
  const b = (body && typeof body === 'object' ? body : {}) as Json;
  if (endpoint === 'chat') {
    const message = b.choices?.[0]?.message ?? {};
    return {
      model: b.model,
      text: typeof message.content === 'string' ? message.content : '',
      toolCalls: (message.tool_calls ?? []).map((t: Json) => ({ name: String(t.function?.name ?? ''), arguments: t.function?.arguments })),
      usage: openaiUsage(b.usage),
    };
  }
  if (endpoint === 'responses') return responsesSummary(b);
  const content: Json[] = Array.isArray(b.content) ? b.content : [];
  return {
    model: b.model,
    text: content.filter((c) => c.type === 'text').map((c) => String(c.text ?? '')).join(''),
    toolCalls: content.filter((c) => c.type === 'tool_use').map((c) => ({ name: String(c.name ?? ''), arguments: c.input })),
    usage: anthropicUsage(b.usage),
  };
}

function responsesSummary(b: Json): ResponseSummary {
  const output: Json[] = Array.isArray(b.output) ? b.output : [];
  const text = output
    .filter((o) => o.type === 'message')
    .flatMap((o) => (Array.isArray(o.content) ? o.content : []))
    .filter((c: Json) => c.type === 'output_text')
    .map((c: Json) => String(c.text ?? ''))
    .join('');
  return {
    model: b.model,
    text,
    toolCalls: output.filter((o) => o.type === 'function_call').map((o) => ({ name: String(o.name ?? ''), arguments: o.arguments })),
    usage: openaiUsage(b.usage),
  };
}

/** Reads text, tool calls and usage from the events of a streamed response. */
export function summarizeStream(endpoint: Endpoint, events: SseEvent[]): ResponseSummary {
  const datas = events.map((e) => e.data).filter((d): d is Json => !!d && typeof d === 'object');
  if (endpoint === 'responses') {
    const done = datas.find((d) => d.type === 'response.completed' || d.type === 'response.incomplete');
    if (done?.response) return responsesSummary(done.response);
    return { text: datas.filter((d) => d.type === 'response.output_text.delta').map((d) => String(d.delta ?? '')).join(''), toolCalls: [], usage: emptyUsage() };
  }
  if (endpoint === 'chat') {
    let text = '';
    let model: string | undefined;
    let usage = emptyUsage();
    const tools: Array<{ name: string; arguments: string }> = [];
    for (const d of datas) {
      model ??= d.model;
      if (d.usage) usage = openaiUsage(d.usage);
      const delta = d.choices?.[0]?.delta ?? {};
      if (typeof delta.content === 'string') text += delta.content;
      for (const t of delta.tool_calls ?? []) {
        const i = typeof t.index === 'number' ? t.index : tools.length;
        tools[i] ??= { name: '', arguments: '' };
        if (t.function?.name) tools[i].name += t.function.name;
        if (t.function?.arguments) tools[i].arguments += t.function.arguments;
      }
    }
    return { model, text, toolCalls: tools.filter(Boolean), usage };
  }
  let text = '';
  let model: string | undefined;
  const usage = emptyUsage();
  const blocks: Array<{ type: string; name: string; json: string; input: unknown }> = [];
  for (const d of datas) {
    if (d.type === 'message_start') {
      model = d.message?.model;
      Object.assign(usage, anthropicUsage(d.message?.usage));
    } else if (d.type === 'content_block_start') {
      blocks[d.index] = { type: d.content_block?.type, name: d.content_block?.name ?? '', json: '', input: d.content_block?.input };
    } else if (d.type === 'content_block_delta') {
      if (d.delta?.type === 'text_delta') text += d.delta.text ?? '';
      else if (d.delta?.type === 'input_json_delta' && blocks[d.index]) blocks[d.index].json += d.delta.partial_json ?? '';
    } else if (d.type === 'message_delta' && d.usage) {
      // message_delta carries the final output count (and, on newer models, the input counts again).
      const u = d.usage as Json;
      if (typeof u.output_tokens === 'number') usage.output = u.output_tokens;
      if (typeof u.input_tokens === 'number') Object.assign(usage, { ...anthropicUsage(u), output: usage.output });
    }
  }
  const toolCalls = blocks.filter((b) => b?.type === 'tool_use').map((b) => ({ name: b.name, arguments: b.json ? parseMaybeJson(b.json) : b.input }));
  return { model, text, toolCalls, usage };
}

/** OpenAI counts cached tokens inside prompt/input tokens. */
function openaiUsage(u: Json | undefined): Usage {
  if (!u) return emptyUsage();
  const input = Number(u.prompt_tokens ?? u.input_tokens ?? 0);
  const output = Number(u.completion_tokens ?? u.output_tokens ?? 0);
  const cached = Number(u.prompt_tokens_details?.cached_tokens ?? u.input_tokens_details?.cached_tokens ?? 0);
  return { input, output, cacheRead: cached, cacheWrite: 0 };
}

/** Anthropic reports cache reads and writes beside input_tokens; our `input` is their sum. */
function anthropicUsage(u: Json | undefined): Usage {
  if (!u) return emptyUsage();
  const cacheRead = Number(u.cache_read_input_tokens ?? 0);
  const cacheWrite = Number(u.cache_creation_input_tokens ?? 0);
  return { input: Number(u.input_tokens ?? 0) + cacheRead + cacheWrite, output: Number(u.output_tokens ?? 0), cacheRead, cacheWrite };
}
