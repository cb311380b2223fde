import { spawn } from 'node:child_process';
import type { Agent } from '../agents/index.js';
import type { Workspace, SkillFolder } from '../discover/index.js';
import { redactSecretsInText } from './redaction.js';
import type { ProxySession } from './proxy.js';
import { inputText, type Message, type TestCase } from './suites.js';
import { PLACEHOLDER_KEY, type ProxyMode } from './types.js';

export type RunnerKind = 'command' | 'prompt';

/** How a dry run starts one agent: agentship.yaml `agents.<name>` plus defaults. */
export interface AgentRunner {
  agent: Agent;
  runner: RunnerKind;
  command?: string;
  /** How a command receives the case input: on stdin (default) or as its last argument. */
  input: 'stdin' | 'argument';
  /** The model of the built-in prompt runner. */
  model: string;
  timeoutMs: number;
}

export interface RunOutput {
  output: string;
  /** Why the agent failed (non-zero exit, timeout, an HTTP error), if it did. */
  error?: string;
}

export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_TIMEOUT_MS = 120_000;

/** Starts the user's agent for one case, with the base URLs pointing at the proxy; its stdout is the output. */
export function runCommand(runner: AgentRunner, testCase: TestCase, session: ProxySession, root: string, mode: ProxyMode, env: NodeJS.ProcessEnv): Promise<RunOutput> {
  const text = inputText(testCase.input);
  const command = runner.input === 'argument' ? `${runner.command} ${shellQuote(text)}` : runner.command!;
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    OPENAI_BASE_URL: session.baseUrls.openai,
    OPENAI_API_BASE: session.baseUrls.openai,
    ANTHROPIC_BASE_URL: session.baseUrls.anthropic,
    OPENAI_API_KEY: PLACEHOLDER_KEY,
    ANTHROPIC_API_KEY: PLACEHOLDER_KEY,
    AGENTSHIP_CASE_ID: testCase.id,
    AGENTSHIP_AGENT: runner.agent.name,
    AGENTSHIP_AGENT_PATH: runner.agent.path,
    AGENTSHIP_DRY_RUN_MODE: mode,
  };
  delete childEnv.ANTHROPIC_AUTH_TOKEN;
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: root, env: childEnv, shell: true, detached: process.platform !== 'win32', stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, runner.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.stdin.on('error', () => undefined); // an agent that does not read stdin closes it early
    child.stdin.end(runner.input === 'stdin' ? text : '');
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ output: '', error: `could not start \`${runner.command}\`: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(out).toString('utf8').replace(/\r?\n$/, '');
      const stderr = redactSecretsInText(Buffer.concat(err).toString('utf8').trim()).split('\n').slice(-5).join('\n');
      if (timedOut) resolve({ output, error: `the agent did not finish within ${runner.timeoutMs} ms and was stopped` });
      else if (code !== 0) resolve({ output, error: `the agent exited with ${code ?? signal}${stderr ? `: ${stderr}` : ''}` });
      else resolve({ output });
    });
  });
}

function killTree(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The agent's instruction chain (root first) and the skills it can see, as one system prompt. */
export function systemPromptFor(ws: Workspace, agent: Agent, allAgents: Agent[]): { prompt: string; skills: SkillFolder[] } {
  const inChain = (dir: string) => dir === '' || agent.path === dir || agent.path.startsWith(`${dir}/`);
  const order = (name: string) => ['AGENTS.override.md', 'AGENTS.md', 'CLAUDE.md', 'CLAUDE.local.md'].indexOf(name);
  const chain = ws.instructions
    .filter((f) => inChain(f.dir))
    .sort((a, b) => a.dir.split('/').length - b.dir.split('/').length || (a.dir === '' ? 0 : 1) - (b.dir === '' ? 0 : 1) || order(a.name) - order(b.name));
  const others = allAgents.filter((a) => a.name !== agent.name && a.path !== '' && a.path !== agent.path).map((a) => a.path);
  const skills = ws.skills.filter((s) => !others.some((p) => s.dir === p || s.dir.startsWith(`${p}/`)));
  const parts = chain.map((f) => f.file.text.trim());
  if (skills.length) {
    parts.push(
      ['# Available skills', 'Call the Skill tool with a skill name to load it when a task matches its description.', ...skills.map((s) => `- ${skillName(s)}: ${skillDescription(s)}`)].join('\n'),
    );
  }
  return { prompt: parts.join('\n\n'), skills };
}

export function skillName(s: SkillFolder): string {
  const data = s.frontmatter.data?.value as Record<string, unknown> | undefined;
  return typeof data?.name === 'string' ? data.name : s.folderName;
}

function skillDescription(s: SkillFolder): string {
  const data = s.frontmatter.data?.value as Record<string, unknown> | undefined;
  return typeof data?.description === 'string' ? data.description.replace(/\s+/g, ' ').trim() : '';
}

/**
 * The built-in runner: one model call per case through the proxy, with the agent's system prompt
 * and a Skill tool offering its skills. Claude models go to Anthropic Messages, others to Chat Completions.
 */
export async function runPrompt(runner: AgentRunner, testCase: TestCase, session: ProxySession, system: { prompt: string; skills: SkillFolder[] }): Promise<RunOutput> {
  const messages: Message[] = [...(testCase.input.messages ?? [])];
  if (testCase.input.prompt !== undefined) messages.push({ role: 'user', content: testCase.input.prompt });
  const names = system.skills.map(skillName);
  const skillTool = { description: 'Load a skill by name.', schema: { type: 'object', properties: { skill: { type: 'string', enum: names } }, required: ['skill'] } };
  const anthropic = runner.model.toLowerCase().startsWith('claude');
  const body = anthropic
    ? {
        model: runner.model,
        max_tokens: 1024,
        temperature: 0,
        system: [system.prompt, ...messages.filter((m) => m.role === 'system').map((m) => m.content)].filter(Boolean).join('\n\n') || undefined,
        messages: messages.filter((m) => m.role !== 'system'),
        tools: names.length ? [{ name: 'Skill', description: skillTool.description, input_schema: skillTool.schema }] : undefined,
      }
    : {
        model: runner.model,
        temperature: 0,
        messages: [...(system.prompt ? [{ role: 'system', content: system.prompt }] : []), ...messages],
        tools: names.length ? [{ type: 'function', function: { name: 'Skill', description: skillTool.description, parameters: skillTool.schema } }] : undefined,
      };
  const url = anthropic ? `${session.baseUrls.anthropic}/v1/messages` : `${session.baseUrls.openai}/chat/completions`;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body), signal: AbortSignal.timeout(runner.timeoutMs) });
  const json = (await response.json().catch(() => ({}))) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!response.ok) return { output: '', error: `model call failed with HTTP ${response.status}: ${json.error?.message ?? 'no message'}` };
  const output = anthropic
    ? ((json.content ?? []) as Array<{ type: string; text?: string }>).filter((c) => c.type === 'text').map((c) => c.text ?? '').join('')
    : String(json.choices?.[0]?.message?.content ?? '');
  return { output };
}
