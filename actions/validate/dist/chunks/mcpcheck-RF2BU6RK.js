import { createRequire as __agentshipCreateRequire } from 'node:module';
const require = __agentshipCreateRequire(import.meta.url);
import {
  VERSION,
  defaultConfig,
  governedDir,
  levelFindings,
  mcpServersOf,
  redactSecrets,
  variableReferences
} from "./chunk-3Y3SFVXW.js";
import "./chunk-5WF3UEN3.js";
import "./chunk-BHO6QICO.js";

// packages/core/src/mcpcheck/index.ts
import { resolve } from "node:path";
var DEFAULT_MCP_TIMEOUT_MS = 2e4;
async function checkMcpServers(ws, options = {}) {
  const servers = mcpServersOf(ws).filter((s) => !options.only?.length || options.only.includes(s.name));
  const results = new Array(servers.length);
  let next = 0;
  const worker = async () => {
    while (next < servers.length) {
      const i = next++;
      results[i] = await checkServer(ws.root, servers[i], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, servers.length) }, worker));
  return results;
}
async function checkServer(root, server, options = {}) {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
  const env = options.env ?? process.env;
  const base = { name: server.name, file: server.file, line: server.line, transport: server.transport, tools: [] };
  const fail = (error) => ({ ...base, ok: false, error: redactSecrets(error), durationMs: Math.round(performance.now() - started) });
  const missing = /* @__PURE__ */ new Set();
  const fill = (text) => expand(text, env, missing);
  let transport;
  let stderr = "";
  if (server.transport === "stdio") {
    if (!server.command) return fail("no command to start");
    const args = (server.args ?? []).map(fill);
    const serverEnv = Object.fromEntries(Object.entries(server.env ?? {}).map(([k, v]) => [k, fill(v)]));
    const command = fill(server.command);
    if (missing.size) return fail(needs(missing));
    const { getDefaultEnvironment, StdioClientTransport } = await import("./stdio-SGRFK2ZH.js");
    const stdio = new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), ...serverEnv }, cwd: resolve(root, governedDir(server.file), server.cwd ? fill(server.cwd) : "."), stderr: "pipe" });
    stdio.stderr?.on("data", (d) => {
      stderr = (stderr + d.toString("utf8")).slice(-2e3);
    });
    transport = stdio;
  } else if (server.transport === "http" || server.transport === "sse") {
    if (!server.url) return fail("no url");
    const url = fill(server.url);
    const headers = Object.fromEntries(Object.entries(server.headers ?? {}).map(([k, v]) => [k, fill(v)]));
    if (missing.size) return fail(needs(missing));
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      return fail(`url is not a valid URL`);
    }
    const { SSEClientTransport } = await import("./sse-H7W2IKQO.js");
    const { StreamableHTTPClientTransport } = await import("./streamableHttp-V5PWUXKN.js");
    transport = server.transport === "http" ? new StreamableHTTPClientTransport(parsed, { requestInit: { headers } }) : new SSEClientTransport(parsed, { requestInit: { headers } });
  } else {
    return fail(`the ${server.transport} transport is not checked (stdio, http and sse are)`);
  }
  const { Client } = await import("./client-NXLPQYHF.js");
  const client = new Client({ name: "agentship-mcp-check", version: VERSION });
  try {
    await withTimeout(client.connect(transport, { timeout: timeoutMs }), timeoutMs, "initialize");
    const tools = [];
    let cursor;
    for (let page = 0; page < 50; page++) {
      const listed = await client.listTools(cursor ? { cursor } : void 0, { timeout: timeoutMs });
      tools.push(...listed.tools.map((t) => ({ name: t.name, description: t.description })));
      cursor = listed.nextCursor;
      if (!cursor) break;
    }
    const info = client.getServerVersion();
    return { ...base, ok: true, server: info ? { name: info.name, version: info.version } : void 0, protocolVersion: transport.protocolVersion, tools, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const tail = stderr.trim().split("\n").slice(-3).join(" | ");
    return fail(`${error.message}${tail ? ` (stderr: ${tail})` : ""}`);
  } finally {
    await client.close().catch(() => void 0);
  }
}
function expand(text, env, missing) {
  let out = text;
  for (const ref of variableReferences(text).reverse()) {
    if (ref.kind === "predefined") continue;
    let value = ref.kind === "env" ? env[ref.name] : void 0;
    if (value === void 0 && ref.hasDefault) value = /:-(.*)\}$/.exec(ref.text)?.[1] ?? "";
    if (value === void 0) {
      missing.add(ref.kind === "input" ? `input:${ref.name}` : ref.name);
      continue;
    }
    out = out.slice(0, ref.start) + value + out.slice(ref.start + ref.text.length);
  }
  return out;
}
function needs(missing) {
  const inputs = [...missing].filter((n) => n.startsWith("input:")).map((n) => n.slice(6));
  const vars = [...missing].filter((n) => !n.startsWith("input:"));
  return [vars.length ? `needs environment variable${vars.length > 1 ? "s" : ""} ${vars.join(", ")}` : "", inputs.length ? `needs VS Code input${inputs.length > 1 ? "s" : ""} ${inputs.join(", ")}, which only the editor can prompt for` : ""].filter(Boolean).join("; ");
}
function withTimeout(promise, ms, step) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${step} timed out after ${ms} ms`)), ms);
    })
  ]);
}
function mcpCheckFindings(results, config = defaultConfig()) {
  const found = results.filter((r) => !r.ok).map((r) => ({ ruleId: "dryrun/mcp-server-unavailable", severity: "error", message: `MCP server "${r.name}" (${r.transport}) did not answer initialize and tools/list: ${r.error}.`, file: r.file, line: r.line }));
  return levelFindings(found, config);
}
function formatMcpCheckText(results) {
  if (!results.length) return "No MCP servers are configured.\n";
  const lines = [];
  for (const r of results) {
    if (r.ok) {
      lines.push(`ok    ${r.name} (${r.transport}, ${r.file}:${r.line}) ${r.server ? `${r.server.name} ${r.server.version}` : ""}: ${r.tools.length} tools, ${r.durationMs} ms`);
      for (const t of r.tools) lines.push(`        - ${t.name}${t.description ? `: ${firstSentence(t.description)}` : ""}`);
    } else lines.push(`FAIL  ${r.name} (${r.transport}, ${r.file}:${r.line}): ${r.error}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push("", `${results.length - failed}/${results.length} MCP servers answered.`);
  return lines.join("\n") + "\n";
}
function formatMcpCheckMarkdown(results) {
  const lines = ["## agentship mcp-check", "", "| server | transport | config | result | tools |", "|---|---|---|---|---|"];
  for (const r of results) {
    lines.push(`| ${r.name} | ${r.transport} | ${r.file}:${r.line} | ${r.ok ? "ok" : `**failed**: ${(r.error ?? "").replace(/\|/g, "\\|")}`} | ${r.tools.map((t) => `\`${t.name}\``).join(", ")} |`);
  }
  return lines.join("\n") + "\n";
}
function firstSentence(text) {
  const s = text.replace(/\s+/g, " ").trim();
  const cut = s.search(/[.!?](\s|$)/);
  return (cut > 0 ? s.slice(0, cut + 1) : s).slice(0, 120);
}
export {
  DEFAULT_MCP_TIMEOUT_MS,
  checkMcpServers,
  checkServer,
  formatMcpCheckMarkdown,
  formatMcpCheckText,
  mcpCheckFindings
};
