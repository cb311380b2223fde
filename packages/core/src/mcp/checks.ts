import { findSecrets, isPlaceholder } from '../secrets/index.js';
import { isOnlyReferences, variableReferences, type McpServer } from './index.js';

/**
 * What the mcp/ rules look for in a normalised server, kept apart from the rules so the roles/
 * rules and mcp-check can ask the same questions. Every function is pure and never throws.
 */

// ---------------------------------------------------------------------------------------------
// Plaintext secrets

export interface PlaintextSecret {
  /** Key path below the server entry: ['env', 'API_KEY'], ['args', 3], ['url']. */
  field: (string | number)[];
  /** What it is: a detector's kind, or "a value under a secret-like name". */
  kind: string;
  /** The literal; only for redact(). */
  value: string;
}

/** Name words that say a value is a credential. `KEY_FILE`, `TOKEN_URL` and the like are not. */
const SECRET_WORDS = new Set(['token', 'secret', 'key', 'apikey', 'password', 'passwd', 'pwd', 'pat', 'credential', 'credentials', 'auth', 'authorization', 'bearer', 'passphrase', 'cookie']);
const NOT_SECRET_WORDS = new Set(['file', 'path', 'dir', 'id', 'name', 'url', 'uri', 'endpoint', 'region', 'type', 'env', 'var', 'header', 'length', 'size', 'host', 'port', 'user', 'username']);

export function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length === 0 || NOT_SECRET_WORDS.has(words[words.length - 1])) return false;
  return words.some((w) => SECRET_WORDS.has(w)) || /api_?key|access_?key|private_?key/.test(words.join('_'));
}

/** The literal part of a value: references and an auth scheme word removed. */
function literalPart(value: string): string {
  return value.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '').replace(/^\s*(Bearer|Basic|Token|Bot)\s+/i, '').trim();
}

/** Whether a value under a secret-like name is a real literal credential, not a reference, a placeholder or a flag. */
function isLiteralCredential(value: string): boolean {
  if (isOnlyReferences(value)) return false;
  const literal = literalPart(value);
  if (literal.length < 8 || /\s/.test(literal)) return false;
  if (/^(true|false|null|none|\d+)$/i.test(literal)) return false;
  if (/^(https?:|\/|~|\.\/|[A-Za-z]:\\)/.test(literal)) return false;
  return !isPlaceholder(literal) && !/your|xxx|changeme|example|placeholder|<|>/i.test(literal);
}

export function plaintextSecrets(server: McpServer): PlaintextSecret[] {
  const out: PlaintextSecret[] = [];
  const seen = new Set<string>();
  const add = (field: (string | number)[], kind: string, value: string) => {
    const key = field.join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ field, kind, value });
  };
  const scan = (field: (string | number)[], text: string) => {
    for (const match of findSecrets(text)) add(field, match.kind, match.value);
  };
  for (const [key, value] of Object.entries(server.env ?? {})) {
    scan(['env', key], `${key}=${value}`);
    if (isSecretName(key) && isLiteralCredential(value)) add(['env', key], `a literal value under ${key}`, literalPart(value));
  }
  for (const [key, value] of Object.entries(server.headers ?? {})) {
    scan(['headers', key], `${key}: ${value}`);
    if (isSecretName(key) && isLiteralCredential(value)) add(['headers', key], `a literal value in the ${key} header`, literalPart(value));
  }
  const args = server.args ?? [];
  args.forEach((arg, i) => {
    scan(['args', i], arg);
    // `--api-key=VALUE`, `--token VALUE`, `API_KEY=VALUE` (docker -e).
    const inline = /^(?:--?)?([A-Za-z][\w-]*)=(.+)$/.exec(arg);
    if (inline && isSecretName(inline[1]) && isLiteralCredential(inline[2])) add(['args', i], `a literal value for ${inline[1]}`, inline[2]);
    const flag = /^--?([A-Za-z][\w-]*)$/.exec(arg);
    const next = args[i + 1];
    if (flag && next !== undefined && isSecretName(flag[1]) && !next.startsWith('-') && isLiteralCredential(next)) add(['args', i + 1], `a literal value for --${flag[1]}`, next);
  });
  if (server.url) {
    scan(['url'], server.url);
    try {
      const url = new URL(server.url);
      if (url.password && !isOnlyReferences(decodeURIComponent(url.password))) add(['url'], 'a password in the URL', decodeURIComponent(url.password));
      for (const [key, value] of url.searchParams) if (isSecretName(key) && isLiteralCredential(value)) add(['url'], `a literal value for the ${key} query parameter`, value);
    } catch {
      /* not a URL we can parse (a reference, unix://): the detectors above still ran */
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Unpinned package runners

export interface UnpinnedPackage {
  /** The index in args of the package spec (or of the runner flag when no spec is found). */
  argIndex: number;
  spec: string;
  why: string;
}

const NODE_RUNNERS: Record<string, number> = { npx: 0, bunx: 0, pnpx: 0 };
/** `pnpm dlx`, `yarn dlx`, `npm exec`, `bun x`: a subcommand then the package. */
const NODE_SUBCOMMAND_RUNNERS: Record<string, string[]> = { pnpm: ['dlx'], yarn: ['dlx'], npm: ['exec', 'x'], bun: ['x'] };

/** The program name of a command: `/usr/local/bin/npx` and `npx.cmd` are `npx`. */
export function programOf(command: string | undefined): string {
  if (!command) return '';
  const first = command.trim().split(/\s+/)[0] ?? '';
  return first.split(/[\\/]/).pop()!.replace(/\.(cmd|exe|bat)$/i, '').toLowerCase();
}

/** The full argument vector: a command with spaces in it is split, as a shell would. */
export function argvOf(server: McpServer): string[] {
  const words = (server.command ?? '').trim().split(/\s+/).filter(Boolean);
  return [...words.slice(1), ...(server.args ?? [])];
}

export function unpinnedPackage(server: McpServer): UnpinnedPackage | undefined {
  const program = programOf(server.command);
  const commandWords = (server.command ?? '').trim().split(/\s+/).length - 1;
  const argv = argvOf(server);
  const at = (i: number) => Math.max(0, i - commandWords);
  if (program in NODE_RUNNERS || (NODE_SUBCOMMAND_RUNNERS[program] && NODE_SUBCOMMAND_RUNNERS[program].includes(argv[0] ?? ''))) {
    const start = program in NODE_RUNNERS ? 0 : 1;
    const yes = argv.some((a) => a === '-y' || a === '--yes');
    let spec: string | undefined;
    let index = -1;
    for (let i = start; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-p' || a === '--package') {
        spec = argv[i + 1];
        index = i + 1;
        break;
      }
      if (a.startsWith('--package=')) {
        spec = a.slice('--package='.length);
        index = i;
        break;
      }
      if (a.startsWith('-')) continue;
      spec = a;
      index = i;
      break;
    }
    if (spec === undefined || isLocal(spec)) return undefined;
    const version = npmVersion(spec);
    const prompt = yes ? '; `-y` installs it without asking' : '';
    if (version === undefined) return { argIndex: at(index), spec, why: `no version: whatever is published next runs${prompt}` };
    if (version === 'latest' || version === 'next') return { argIndex: at(index), spec, why: `\`@${version}\` runs whatever is published next${prompt}` };
    if (!isExactVersion(version)) return { argIndex: at(index), spec, why: `\`${version}\` is not an exact version${prompt}` };
    return undefined;
  }
  if (program === 'uvx' || program === 'pipx' || (program === 'uv' && argv[0] === 'tool')) {
    const from = argv.findIndex((a) => a === '--from' || a === '--spec');
    const index = from >= 0 ? from + 1 : argv.findIndex((a, i) => !a.startsWith('-') && !(program === 'pipx' && i === 0 && a === 'run') && !(program === 'uv' && (a === 'tool' || a === 'run')));
    const spec = argv[index];
    if (spec === undefined || isLocal(spec)) return undefined;
    if (/^git\+/.test(spec)) {
      const ref = /@([^@/]+)$/.exec(spec.replace(/^git\+[a-z]+:\/\/[^/]*@/, ''))?.[1];
      if (!ref || !/^[0-9a-f]{7,40}$/i.test(ref)) return { argIndex: at(index), spec, why: 'a git source without a commit: the branch tip runs, whatever it is that day' };
      return undefined;
    }
    if (/==|@(?!latest)[\w.]+$/.test(spec) && !/[<>~^*]/.test(spec)) return undefined;
    return { argIndex: at(index), spec, why: /@latest$/.test(spec) ? '`@latest` runs whatever is published next' : 'no version: whatever is published next runs' };
  }
  if ((program === 'docker' || program === 'podman') && argv[0] === 'run') {
    const index = imageIndex(argv);
    if (index < 0) return undefined;
    const image = argv[index];
    if (image.includes('@sha256:') || image.includes('${')) return undefined;
    const tag = /:([^/:]+)$/.exec(image)?.[1];
    if (!tag) return { argIndex: at(index), spec: image, why: 'an image without a tag or digest runs `latest`, whatever it is that day' };
    if (tag === 'latest') return { argIndex: at(index), spec: image, why: '`:latest` runs whatever was pushed last' };
  }
  return undefined;
}

function isLocal(spec: string): boolean {
  return /^(\.{0,2}\/|~|file:|[A-Za-z]:\\|\$\{)/.test(spec) || spec.endsWith('.js') || spec.endsWith('.py');
}

function npmVersion(spec: string): string | undefined {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? undefined : spec.slice(at + 1);
}

function isExactVersion(version: string): boolean {
  return /^v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(version);
}

/** docker run flags that take a value as the next argument. */
const DOCKER_VALUE_FLAGS = new Set(['-e', '--env', '-v', '--volume', '--name', '-p', '--publish', '--network', '--net', '--mount', '-w', '--workdir', '-u', '--user', '--entrypoint', '--env-file', '--platform', '-l', '--label', '--add-host', '--cpus', '-m', '--memory', '--pull', '--cap-add', '--cap-drop', '--security-opt', '--tmpfs', '--device', '-h', '--hostname', '--dns', '--ulimit', '--shm-size', '--runtime', '--restart', '--log-driver', '--log-opt', '--ipc', '--pid', '--gpus', '--init-path']);

/** The index in argv of `docker run`'s image (argv[0] is `run`), or -1. */
export function imageIndex(argv: string[]): number {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-')) {
      if (!a.includes('=') && DOCKER_VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Transport security

const LOOPBACK = /^(localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** Why a URL sends traffic in the clear to another machine, or undefined. */
export function insecureUrl(url: string): string | undefined {
  const match = /^(http|ws):\/\/([^/?#]*)/i.exec(url.trim());
  if (!match) return undefined;
  const host = match[2].replace(/^[^@]*@/, '').replace(/:\d+$/, '');
  if (host.includes('$') || LOOPBACK.test(host)) return undefined;
  return `\`${match[1].toLowerCase()}://\` to ${host} sends every request and token unencrypted`;
}

// ---------------------------------------------------------------------------------------------
// Filesystem roots

const FILESYSTEM_PACKAGE = /(^|\/|-)(server-)?filesystem(@|$)|mcp-server-filesystem|fs-mcp|mcp-fs/i;

/** The folders a filesystem server exposes, with their index in args; [] for other servers. */
export function filesystemRoots(server: McpServer): Array<{ path: string; argIndex: number }> {
  const args = server.args ?? [];
  const program = programOf(server.command);
  if (program === 'docker' || program === 'podman') {
    // A mount of the host's folder: `-v /:/data`, `--mount type=bind,src=/,dst=/data`.
    const out: Array<{ path: string; argIndex: number }> = [];
    args.forEach((a, i) => {
      const separate = a === '-v' || a === '--volume' || a === '--mount';
      const value = separate ? args[i + 1] : /^(?:-v|--volume|--mount)=(.*)$/.exec(a)?.[1];
      if (value === undefined) return;
      const source = /(?:^|,)(?:src|source)=([^,]+)/.exec(value)?.[1] ?? value.split(':').slice(0, /^[A-Za-z]:\\/.test(value) ? 2 : 1).join(':');
      out.push({ path: source, argIndex: separate ? i + 1 : i });
    });
    return out;
  }
  const spec = args.findIndex((a) => FILESYSTEM_PACKAGE.test(a));
  const isFilesystem = spec >= 0 || FILESYSTEM_PACKAGE.test(server.command ?? '');
  if (!isFilesystem) return [];
  return args.map((path, argIndex) => ({ path, argIndex })).filter(({ path, argIndex }) => argIndex > spec && !path.startsWith('-'));
}

/** Why a folder is too broad to hand to an agent, or undefined. */
export function broadRoot(path: string): string | undefined {
  const p = path.trim().replace(/\\/g, '/').replace(/(.)\/+$/, '$1');
  const home = /^(~|\$HOME|\$\{HOME\}|\$\{env:HOME\}|\$\{userHome\}|\$\{env:USERPROFILE\}|%USERPROFILE%|\/Users\/[^/]+|\/home\/[^/]+|\/root|[A-Za-z]:\/Users\/[^/]+)$/;
  if (p === '/' || /^[A-Za-z]:\/?$/.test(p)) return 'the whole disk';
  if (home.test(p)) return 'the whole home folder, SSH keys and cloud credentials included';
  const sub = /^(?:~|\$HOME|\$\{HOME\}|\$\{userHome\}|\/Users\/[^/]+|\/home\/[^/]+|\/root)\/(\.ssh|\.aws|\.config|\.gnupg|\.kube|\.docker|\.azure|\.gcloud)(\/|$)/.exec(p);
  if (sub) return `${sub[1]}, where credentials live`;
  if (/^\/(etc|var|usr|System|Library)$/.test(p) || /^\/etc\//.test(p)) return 'system configuration';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dangerous commands

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'fish', 'ksh', 'cmd', 'powershell', 'pwsh']);

/**
 * Why a server's start command is dangerous, or []: shell metacharacters in `command` (clients
 * start it without a shell, so they are either broken or a shell script in disguise), a shell
 * running a script with chaining, `sudo`, `rm -rf`, a download piped into a shell.
 */
export function dangerousCommand(server: McpServer): string[] {
  const reasons: string[] = [];
  const command = server.command ?? '';
  const program = programOf(command);
  const argv = argvOf(server);
  const metachars = /(&&|\|\||[;|`]|\$\(|>|<)/;
  const withoutRefs = command.replace(/\$\{[^}]*\}/g, '');
  if (metachars.test(withoutRefs)) reasons.push(`shell metacharacters (\`${metachars.exec(withoutRefs)![1]}\`) in the command`);
  const scriptIndex = argv.findIndex((a) => /^(-c|\/c|-command|-Command|-e)$/.test(a));
  const script = SHELLS.has(program) && scriptIndex >= 0 ? argv.slice(scriptIndex + 1).join(' ') : '';
  if (script && metachars.test(script.replace(/\$\{[^}]*\}/g, ''))) reasons.push(`a ${program} script chaining commands (\`${metachars.exec(script)![1]}\`)`);
  const everything = [command, ...(server.args ?? [])].join(' ');
  if (program === 'sudo' || program === 'doas' || /(^|[\s;&|(])sudo\s/.test(everything)) reasons.push('`sudo`');
  if (/(^|[\s;&|(])rm\s+(-[a-zA-Z]*r[a-zA-Z]*f|-[a-zA-Z]*f[a-zA-Z]*r|-r\s+-f|-f\s+-r|--recursive\s+--force|--force\s+--recursive)/.test(everything)) reasons.push('`rm -rf`');
  if (/\b(curl|wget|iwr|Invoke-WebRequest)\b[^|]*\|\s*(sudo\s+)?(ba|z|da)?sh\b|\b(curl|wget)\b[^|]*\|\s*(python3?|node|iex)\b/i.test(everything)) reasons.push('a download piped into a shell');
  return reasons;
}

/** A command with arguments in it: clients start `command` without a shell, so `uv run python` is not found. */
export function commandWithArguments(server: McpServer): boolean {
  const command = server.command?.trim() ?? '';
  if (!/\s/.test(command) || command.startsWith('${')) return false;
  const first = command.split(/\s+/)[0];
  return !/[\\/]/.test(first);
}

/** `${VAR}` references in the fields Claude Code expands, with the field path of each. */
export function referencesByField(server: McpServer): Array<{ field: (string | number)[]; name: string; text: string; hasDefault: boolean; kind: string }> {
  const out: Array<{ field: (string | number)[]; name: string; text: string; hasDefault: boolean; kind: string }> = [];
  const visit = (field: (string | number)[], text: string | undefined) => {
    if (text === undefined) return;
    for (const ref of variableReferences(text)) if (ref.text.startsWith('${')) out.push({ field, name: ref.name, text: ref.text, hasDefault: ref.hasDefault, kind: ref.kind });
  };
  // The entry as written: normalisation may have invented Codex references.
  const raw = server.raw;
  visit(['command'], typeof raw.command === 'string' ? raw.command : undefined);
  if (Array.isArray(raw.args)) raw.args.forEach((a, i) => visit(['args', i], typeof a === 'string' ? a : undefined));
  for (const key of ['env', 'headers'] as const) {
    const map = raw[key];
    if (map && typeof map === 'object' && !Array.isArray(map)) for (const [k, v] of Object.entries(map)) visit([key, k], typeof v === 'string' ? v : undefined);
  }
  visit(['url'], typeof raw.url === 'string' ? raw.url : undefined);
  return out;
}
