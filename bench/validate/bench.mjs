#!/usr/bin/env node
// `agentship validate` on a large generated repository (2,000 skills, 300 instruction files,
// 200 MCP configs), side by side with the peers that can check the same files offline:
// claudelint (npm claude-code-lint: CLAUDE.md, skills, settings, MCP) and skills-ref (npm: the
// Agent Skills reference validator, skills only). For each: median wall time and peak RSS.
// Usage: node bench/validate/bench.mjs [--runs N] [--skills N] [--instructions N] [--mcp N]
// The tree goes to $AGENTSHIP_BENCH_DIR/validate or <tmp>/agentship-bench/validate.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    skills: { type: 'string', default: '2000' },
    instructions: { type: 'string', default: '300' },
    mcp: { type: 'string', default: '200' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const SIZE = { skills: Number(values.skills), instructions: Number(values.instructions), mcp: Number(values.mcp) };
const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(process.env.AGENTSHIP_BENCH_DIR ?? join(tmpdir(), 'agentship-bench'), 'validate');
const TREE = join(WORK, `tree-${SIZE.skills}-${SIZE.instructions}-${SIZE.mcp}`);
const BIN = join(REPO, 'node_modules/.bin');
const log = (line) => process.stderr.write(`[validate] ${line}\n`);

// Runs skills-ref's own validate() on every skill folder in one Node process (its CLI takes one
// folder per run; 2,000 process starts would measure Node's start-up, not the validator).
const SKILLS_REF_DRIVER = `
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [repo, list, output] = process.argv.slice(2);
const { validate } = await import(pathToFileURL(join(repo, 'node_modules/skills-ref/dist/index.js')).href);
const root = join(list, '..');
let problems = 0;
let invalid = 0;
for (const dir of readFileSync(list, 'utf8').split('\\n').filter(Boolean)) {
  const errors = await validate(join(root, dir));
  problems += errors.length;
  if (errors.length) invalid++;
}
writeFileSync(output, JSON.stringify({ problems, invalid }));
`;

// 1. The tree: deterministic, generated once per size.
if (!existsSync(join(TREE, '.complete'))) {
  log(`generating ${SIZE.skills} skills, ${SIZE.instructions} instruction files, ${SIZE.mcp} MCP configs in ${TREE}`);
  rmSync(TREE, { recursive: true, force: true });
  generate(TREE);
  writeFileSync(join(TREE, '.complete'), '');
}

// 2. Each tool, RUNS times, under /usr/bin/time for the peak RSS when it is there.
const cli = join(REPO, 'packages/cli/dist/agentship.js');
if (!existsSync(cli)) execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--cli'], { stdio: 'inherit' });
const out = join(WORK, 'out');
mkdirSync(out, { recursive: true });
const skillDirs = readFileSync(join(TREE, '.skill-dirs'), 'utf8').split('\n').filter(Boolean);
writeFileSync(join(out, 'skills-ref-all.mjs'), SKILLS_REF_DRIVER);

const tools = [
  {
    name: 'agentship validate',
    scope: 'every rule family on every governed file',
    argv: [process.execPath, cli, 'validate', TREE, '--format', 'json', '--output', join(out, 'agentship.json'), '--fail-on', 'never'],
    findings: () => JSON.parse(readFileSync(join(out, 'agentship.json'), 'utf8')).findings.length,
  },
  {
    name: 'claudelint check-all 0.5.0',
    scope: 'CLAUDE.md, skills, settings, MCP (no cache)',
    available: existsSync(join(BIN, 'claudelint')),
    argv: [join(BIN, 'claudelint'), 'check-all', '--cwd', TREE, '--no-cache', '--no-config', '--format', 'json', '--output-file', join(out, 'claudelint.json')],
    findings: () => countClaudelint(join(out, 'claudelint.json')),
  },
  {
    name: 'skills-ref 0.1.5 (npm)',
    scope: 'skills only (frontmatter), one process',
    available: existsSync(join(REPO, 'node_modules/skills-ref')),
    argv: [process.execPath, join(out, 'skills-ref-all.mjs'), REPO, join(TREE, '.skill-dirs'), join(out, 'skills-ref.json')],
    findings: () => JSON.parse(readFileSync(join(out, 'skills-ref.json'), 'utf8')).problems,
  },
];

const haveTime = existsSync('/usr/bin/time');
const rows = [];
for (const tool of tools) {
  if (tool.available === false) {
    rows.push({ ...tool, note: 'not installed (npm install in bench/)' });
    continue;
  }
  const walls = [];
  const cpus = [];
  let peak = 0;
  let status = 0;
  for (let run = 0; run < RUNS; run++) {
    const argv = haveTime ? ['/usr/bin/time', '-f', 'AGENTSHIP_BENCH=%M %U %S', ...tool.argv] : tool.argv;
    const started = process.hrtime.bigint();
    const result = spawnSync(argv[0], argv.slice(1), { cwd: TREE, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e9);
    status = result.status ?? -1;
    const measured = /AGENTSHIP_BENCH=(\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
    if (measured) {
      peak = Math.max(peak, Number(measured[1]) / 1024);
      cpus.push(Number(measured[2]) + Number(measured[3]));
    }
    if (result.error) log(`${tool.name}: ${result.error.message}`);
  }
  let findings = '?';
  try {
    findings = String(tool.findings());
  } catch (error) {
    findings = `? (${error.message.split('\n')[0]})`;
  }
  rows.push({ ...tool, wall: median(walls), cpu: cpus.length ? median(cpus) : undefined, peak, status, findings });
  log(`${tool.name}: wall ${walls.map((w) => w.toFixed(2)).join(', ')} s; cpu ${cpus.map((c) => c.toFixed(2)).join(', ')} s`);
}

const files = JSON.parse(readFileSync(join(out, 'agentship.json'), 'utf8')).summary.files;
console.log(`Tree: ${SIZE.skills} skills, ${SIZE.instructions} instruction files, ${SIZE.mcp} MCP configs (${files} governed files), ${skillDirs.length} skill folders; ${RUNS} runs each; Node ${process.versions.node}, ${cpuLine()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
console.log('');
console.log('| tool | scope | wall time (median) | CPU user+sys (median) | peak RSS | findings | exit |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) {
  if (row.note) console.log(`| ${row.name} | ${row.scope} | ${row.note} | | | | |`);
  else console.log(`| ${row.name} | ${row.scope} | ${row.wall.toFixed(2)} s | ${row.cpu === undefined ? 'n/a' : `${row.cpu.toFixed(2)} s`} | ${haveTime ? `${row.peak.toFixed(0)} MB` : 'n/a (no /usr/bin/time)'} | ${row.findings} | ${row.status} |`);
}
console.log('');
console.log('Wall time depends on what else runs on the machine (see the load average); CPU time much less.');
console.log('Peers differ in scope: claudelint checks Claude Code files with its own rules; skills-ref checks only skill');
console.log('frontmatter. agnix (npm agnix) downloads its binary from GitHub at install time and cannot run offline here.');

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function cpuLine() {
  try {
    const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
    return `${model.trim()}`;
  } catch {
    return 'unknown CPU';
  }
}

function countClaudelint(path) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  let count = 0;
  const visit = (node) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const key of ['errors', 'warnings']) if (Array.isArray(node[key])) count += node[key].length;
      for (const [key, value] of Object.entries(node)) if (key !== 'errors' && key !== 'warnings') visit(value);
    }
  };
  visit(report);
  return count;
}

/** The tree: skills under the three usual roots, nested instruction files with imports, MCP configs of three clients. */
function generate(root) {
  const write = (rel, text) => {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  let seed = 20261121;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = 'ticket label route queue incident summary review release version deploy docs article runbook customer storage database billing account token budget model agent skill server'.split(' ');
  const sentence = (n) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
  const roots = ['.claude/skills', '.agents/skills', 'skills'];
  const skillDirs = [];
  for (let i = 0; i < SIZE.skills; i++) {
    const name = `skill-${String(i).padStart(4, '0')}`;
    const dir = `${roots[i % 3]}/${name}`;
    skillDirs.push(dir);
    // Every 50th skill is a little wrong, as in a real repository: a name that does not match its folder.
    const declared = i % 50 === 7 ? `${name}-old` : name;
    const body = Array.from({ length: 30 + (i % 40) }, (_, k) => (k % 8 === 0 ? `\n## Step ${k / 8 + 1}\n` : `- ${sentence(10)}.`)).join('\n');
    write(`${dir}/SKILL.md`, `---\nname: ${declared}\ndescription: Handles ${sentence(6)} for the support team. Use when ${sentence(8)}.\nlicense: Apache-2.0\n---\n\n# ${name}\n\nSee [the guide](references/guide.md).\n${body}\n`);
    write(`${dir}/references/guide.md`, `# Guide for ${name}\n\n${Array.from({ length: 20 }, () => `- ${sentence(12)}.`).join('\n')}\n`);
    if (i % 3 === 0) write(`${dir}/scripts/run.sh`, `#!/usr/bin/env bash\nset -euo pipefail\necho "${name}"\n`);
  }
  writeFileSync(join(root, '.skill-dirs'), skillDirs.join('\n') + '\n');
  write('AGENTS.md', `# Large repository\n\n${Array.from({ length: 40 }, () => `- ${sentence(12)}.`).join('\n')}\n`);
  write('CLAUDE.md', '@AGENTS.md\n');
  for (let i = 0; i < SIZE.instructions - 2; i++) {
    const agent = `agents/team-${String(Math.floor(i / 2)).padStart(3, '0')}`;
    if (i % 2 === 0) write(`${agent}/AGENTS.md`, `# ${agent}\n\n${Array.from({ length: 25 + (i % 30) }, () => `- ${sentence(12)}.`).join('\n')}\n`);
    else write(`${agent}/CLAUDE.md`, `@AGENTS.md\n\n- ${sentence(10)}.\n`);
  }
  for (let i = 0; i < SIZE.mcp; i++) {
    const pkg = `packages/pkg-${String(i).padStart(3, '0')}`;
    const version = `1.${i % 10}.${i % 7}`;
    if (i % 10 < 6) {
      write(`${pkg}/.mcp.json`, JSON.stringify({ mcpServers: { [`server-${i}`]: { type: 'stdio', command: 'npx', args: [`@acme/mcp-server-${i}@${version}`], env: { API_TOKEN: '${API_TOKEN:-}' } }, docs: { type: 'http', url: 'https://mcp.example.com/mcp' } } }, null, 2) + '\n');
    } else if (i % 10 < 9) {
      write(`${pkg}/.vscode/mcp.json`, JSON.stringify({ inputs: [{ type: 'promptString', id: 'token', description: 'API token', password: true }], servers: { [`server${i}`]: { type: 'stdio', command: 'npx', args: [`@acme/mcp-server-${i}@${version}`], env: { API_TOKEN: '${input:token}' } } } }, null, 2) + '\n');
    } else {
      write(`${pkg}/.codex/config.toml`, `[mcp_servers.server-${i}]\ncommand = "npx"\nargs = ["@acme/mcp-server-${i}@${version}"]\nenv_vars = ["API_TOKEN"]\n`);
    }
  }
}

