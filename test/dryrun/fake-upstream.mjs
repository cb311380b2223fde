// A loopback model provider for tests, the bench and recording the example cassettes offline.
// It speaks the wire format of OpenAI Chat Completions (/v1/chat/completions), OpenAI Responses
// (/v1/responses) and Anthropic Messages (/v1/messages), streaming (SSE) included, and answers
// deterministically: a Skill tool call when a tool offers a skill named in the prompt, JSON when the
// prompt asks for JSON, otherwise "Echo: <prompt>". Listens on 127.0.0.1 only.
import { createServer } from 'node:http';

const words = (text) => Math.max(1, Math.ceil(text.length / 4));

const textOf = (c) => (typeof c === 'string' ? c : Array.isArray(c) ? c.filter((p) => typeof p.text === 'string').map((p) => p.text).join('') : '');

/** The last user turn that has text (a tool result alone is not a prompt). */
function lastUserText(body, endpoint) {
  const turns = endpoint === 'responses' ? (typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input ?? []) : body.messages ?? [];
  const users = turns.filter((m) => m.role === 'user' && textOf(m.content));
  return textOf(users.at(-1)?.content);
}

/** Whether the conversation already carries a tool result (then the fake answers instead of calling again). */
function hasToolResult(body) {
  const text = JSON.stringify(body.messages ?? body.input ?? []);
  return text.includes('"tool_result"') || text.includes('"role":"tool"') || text.includes('"function_call_output"');
}

/** The deterministic answer: `{text}` or `{tool: {name, args}}`. */
export function answerFor(body, endpoint) {
  const prompt = lastUserText(body, endpoint);
  for (const tool of hasToolResult(body) ? [] : body.tools ?? []) {
    const name = tool.function?.name ?? tool.name;
    const schema = tool.function?.parameters ?? tool.input_schema ?? tool.parameters;
    const skills = schema?.properties?.skill?.enum ?? [];
    const wanted = skills.find((s) => prompt.toLowerCase().includes(s.toLowerCase()));
    if (name === 'Skill' && wanted) return { tool: { name, args: { skill: wanted } } };
  }
  if (/json/i.test(prompt)) return { text: JSON.stringify({ answer: prompt.replace(/\s+/g, ' ').trim().slice(0, 80), length: prompt.length }) };
  return { text: `Echo: ${prompt.replace(/\s+/g, ' ').trim()}` };
}

function usageOf(body, answer) {
  const input = words(JSON.stringify(body.messages ?? body.input ?? '') + (body.system ? JSON.stringify(body.system) : ''));
  const output = words(answer.text ?? JSON.stringify(answer.tool));
  return { input, output };
}

function sse(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${typeof e.data === 'string' ? e.data : JSON.stringify(e.data)}\n\n`);
  res.end();
}

function chat(body, res) {
  const a = answerFor(body, 'chat');
  const u = usageOf(body, a);
  const usage = { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output, prompt_tokens_details: { cached_tokens: 0 } };
  const toolCalls = a.tool ? [{ id: 'call_1', type: 'function', function: { name: a.tool.name, arguments: JSON.stringify(a.tool.args) } }] : undefined;
  const base = { id: 'chatcmpl-fake', created: 1700000000, model: body.model };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, finish_reason: a.tool ? 'tool_calls' : 'stop', message: { role: 'assistant', content: a.text ?? null, tool_calls: toolCalls } }], usage }));
    return;
  }
  const chunk = (delta, finish = null) => ({ data: { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] } });
  const events = [chunk({ role: 'assistant', content: '' })];
  if (a.tool) events.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: a.tool.name, arguments: '' } }] }), chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(a.tool.args) } }] }));
  else for (const piece of a.text.match(/.{1,12}/gs) ?? []) events.push(chunk({ content: piece }));
  events.push(chunk({}, a.tool ? 'tool_calls' : 'stop'));
  if (body.stream_options?.include_usage) events.push({ data: { ...base, object: 'chat.completion.chunk', choices: [], usage } });
  events.push({ data: '[DONE]' });
  sse(res, events);
}

function responses(body, res) {
  const a = answerFor(body, 'responses');
  const u = usageOf(body, a);
  const output = a.tool
    ? [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: a.tool.name, arguments: JSON.stringify(a.tool.args), status: 'completed' }]
    : [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: a.text, annotations: [] }] }];
  const response = { id: 'resp_fake', object: 'response', created_at: 1700000000, status: 'completed', model: body.model, output, usage: { input_tokens: u.input, output_tokens: u.output, total_tokens: u.input + u.output, input_tokens_details: { cached_tokens: 0 } } };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(response));
    return;
  }
  const events = [{ event: 'response.created', data: { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } } }];
  if (a.text) for (const piece of a.text.match(/.{1,12}/gs) ?? []) events.push({ event: 'response.output_text.delta', data: { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: piece } });
  events.push({ event: 'response.completed', data: { type: 'response.completed', response } });
  sse(res, events);
}

function messages(body, res) {
  const a = answerFor(body, 'messages');
  const u = usageOf(body, a);
  const content = a.tool ? [{ type: 'tool_use', id: 'toolu_1', name: a.tool.name, input: a.tool.args }] : [{ type: 'text', text: a.text }];
  const message = { id: 'msg_fake', type: 'message', role: 'assistant', model: body.model, content, stop_reason: a.tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: u.input, output_tokens: u.output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(message));
    return;
  }
  const events = [{ event: 'message_start', data: { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } } } }];
  if (a.tool) {
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: a.tool.name, input: {} } } });
    events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(a.tool.args) } } });
  } else {
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } });
    for (const piece of a.text.match(/.{1,12}/gs) ?? []) events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } } });
  }
  events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } });
  events.push({ event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: u.output } } });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  sse(res, events);
}

/**
 * Starts the fake provider. `apiKey`, when given, is required (Bearer for OpenAI, x-api-key for
 * Anthropic) and a wrong one gets 401, as the real APIs do. Returns the URLs in the base-URL
 * conventions (OpenAI with /v1, Anthropic without), the requests it received, and close().
 */
export async function startFakeUpstream({ apiKey } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'invalid JSON', type: 'invalid_request_error' } }));
        return;
      }
      requests.push({ path: req.url, headers: req.headers, body });
      const anthropic = req.url === '/v1/messages';
      const presented = anthropic ? req.headers['x-api-key'] : (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (apiKey && presented !== apiKey) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(anthropic ? { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } : { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      }
      if (req.url === '/v1/chat/completions') return chat(body, res);
      if (req.url === '/v1/responses') return responses(body, res);
      if (anthropic) return messages(body, res);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    openai: `${url}/v1`,
    anthropic: url,
    requests,
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}
