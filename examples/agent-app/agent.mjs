#!/usr/bin/env node
// A small support agent: plain Node (>= 20) with fetch, no dependencies. It reads a task on stdin,
// builds its system prompt from the AGENTS.md chain of its folder, offers the repository's skills
// through a Skill tool, calls the model through OPENAI_BASE_URL or ANTHROPIC_BASE_URL (streaming
// with --stream), loads a skill when the model asks for one, and prints the final answer.
//
//   node agent-app/agent.mjs --agent agents/triage [--provider openai|anthropic] [--api chat|responses] [--stream] [--model id]
//
// agentship dry-run starts it once per test case with the base URLs pointing at its model proxy.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    agent: { type: 'string', default: '.' },
    provider: { type: 'string', default: 'openai' },
    api: { type: 'string', default: 'chat' },
    stream: { type: 'boolean', default: false },
    model: { type: 'string' },
  },
});
const provider = values.provider;
const model = values.model ?? process.env.AGENT_MODEL ?? (provider === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4o-mini');
const MAX_TURNS = 4;

function systemPrompt(agentDir) {
  const parts = [];
  let dir = '';
  for (const segment of ['', ...agentDir.split('/').filter((s) => s && s !== '.')]) {
    dir = segment ? join(dir, segment) : dir;
    const file = join(dir || '.', 'AGENTS.md');
    if (existsSync(file)) parts.push(readFileSync(file, 'utf8').trim());
  }
  return parts.join('\n\n');
}

function skills() {
  const found = [];
  for (const root of ['skills', '.claude/skills']) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root).sort()) {
      const file = join(root, name, 'SKILL.md');
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      const description = /^description:\s*(.+)$/m.exec(text)?.[1]?.replace(/^["'>|-]\s*/, '').trim() ?? '';
      found.push({ name, description, file });
    }
  }
  return found;
}

/** Splits a text/event-stream body into the JSON of its data lines. */
async function* events(response) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (data && data !== '[DONE]') yield JSON.parse(data);
    }
  }
}

async function post(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {}
    throw new Error(`model call failed (HTTP ${response.status}): ${message}`);
  }
  return response;
}

/** One model turn: returns {text, toolCall?: {id, name, args}} in a provider-neutral shape. */
async function callOpenAiChat(messages, tools) {
  const base = process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  const body = { model, messages, tools: tools.length ? tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.schema } })) : undefined };
  const headers = { authorization: `Bearer ${process.env.OPENAI_API_KEY ?? ''}` };
  if (!values.stream) {
    const json = await (await post(`${base}/chat/completions`, headers, body)).json();
    const m = json.choices[0].message;
    const t = m.tool_calls?.[0];
    return { text: m.content ?? '', toolCall: t && { id: t.id, name: t.function.name, args: JSON.parse(t.function.arguments || '{}') }, raw: m };
  }
  let text = '';
  const tool = { id: '', name: '', args: '' };
  for await (const e of events(await post(`${base}/chat/completions`, headers, { ...body, stream: true, stream_options: { include_usage: true } }))) {
    const d = e.choices?.[0]?.delta ?? {};
    text += d.content ?? '';
    for (const t of d.tool_calls ?? []) {
      tool.id ||= t.id ?? '';
      tool.name += t.function?.name ?? '';
      tool.args += t.function?.arguments ?? '';
    }
  }
  const toolCall = tool.name ? { id: tool.id, name: tool.name, args: JSON.parse(tool.args || '{}') } : undefined;
  return { text, toolCall, raw: { role: 'assistant', content: text || null, tool_calls: toolCall ? [{ id: tool.id, type: 'function', function: { name: tool.name, arguments: tool.args } }] : undefined } };
}

async function callOpenAiResponses(input, tools, instructions) {
  const base = process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  const body = { model, instructions, input, tools: tools.length ? tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.schema })) : undefined, stream: values.stream || undefined };
  const response = await post(`${base}/responses`, { authorization: `Bearer ${process.env.OPENAI_API_KEY ?? ''}` }, body);
  let final;
  if (values.stream) {
    for await (const e of events(response)) if (e.type === 'response.completed') final = e.response;
  } else final = await response.json();
  const call = final.output.find((o) => o.type === 'function_call');
  const text = final.output.filter((o) => o.type === 'message').flatMap((o) => o.content).filter((c) => c.type === 'output_text').map((c) => c.text).join('');
  return { text, toolCall: call && { id: call.call_id, name: call.name, args: JSON.parse(call.arguments || '{}') }, raw: final.output };
}

async function callAnthropic(messages, tools, system) {
  const base = process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com';
  const body = { model, max_tokens: 1024, system, messages, tools: tools.length ? tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.schema })) : undefined };
  const headers = { 'x-api-key': process.env.ANTHROPIC_API_KEY ?? '', 'anthropic-version': '2023-06-01' };
  let content;
  if (!values.stream) content = (await (await post(`${base}/v1/messages`, headers, body)).json()).content;
  else {
    content = [];
    for await (const e of events(await post(`${base}/v1/messages`, headers, { ...body, stream: true }))) {
      if (e.type === 'content_block_start') content[e.index] = { ...e.content_block, json: '' };
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') content[e.index].text += e.delta.text;
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta') content[e.index].json += e.delta.partial_json;
    }
    content = content.map(({ json, ...block }) => (block.type === 'tool_use' ? { ...block, input: JSON.parse(json || '{}') } : block));
  }
  const use = content.find((c) => c.type === 'tool_use');
  return { text: content.filter((c) => c.type === 'text').map((c) => c.text).join(''), toolCall: use && { id: use.id, name: use.name, args: use.input }, raw: content };
}

async function main() {
  const stdin = readFileSync(0, 'utf8').trim();
  let conversation;
  try {
    conversation = JSON.parse(stdin).messages;
  } catch {
    conversation = undefined;
  }
  conversation ??= [{ role: 'user', content: stdin }];
  const system = systemPrompt(values.agent);
  const available = skills();
  const tools = available.length
    ? [{ name: 'Skill', description: `Load a skill. Available: ${available.map((s) => `${s.name} (${s.description})`).join('; ')}`, schema: { type: 'object', properties: { skill: { type: 'string', enum: available.map((s) => s.name) } }, required: ['skill'] } }]
    : [];
  const messages = provider === 'anthropic' || values.api === 'responses' ? [...conversation] : [{ role: 'system', content: system }, ...conversation];
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const reply = provider === 'anthropic' ? await callAnthropic(messages, tools, system) : values.api === 'responses' ? await callOpenAiResponses(messages, tools, system) : await callOpenAiChat(messages, tools);
    if (!reply.toolCall) {
      process.stdout.write(reply.text + '\n');
      return;
    }
    const skill = available.find((s) => s.name === reply.toolCall.args.skill);
    const result = skill ? readFileSync(skill.file, 'utf8') : `No skill named ${reply.toolCall.args.skill}.`;
    if (provider === 'anthropic') {
      messages.push({ role: 'assistant', content: reply.raw }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: reply.toolCall.id, content: result }] });
    } else if (values.api === 'responses') {
      messages.push(...reply.raw, { type: 'function_call_output', call_id: reply.toolCall.id, output: result });
    } else {
      messages.push(reply.raw, { role: 'tool', tool_call_id: reply.toolCall.id, content: result });
    }
  }
  throw new Error(`no answer after ${MAX_TURNS} model calls`);
}

main().catch((error) => {
  process.stderr.write(`agent: ${error.message}\n`);
  process.exit(1);
});
