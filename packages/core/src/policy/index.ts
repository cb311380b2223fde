import { patternMatcher, type AgentshipConfig } from '../config/index.js';
import { globsOverlap } from './globs.js';
import { bashPatterns, broadGrant, commandParts, editPaths, mcpToolPattern, type PermissionRule } from './permission-rules.js';

export * from './permission-rules.js';
export { globsOverlap, type GlobDialect } from './globs.js';

/**
 * The security policy: what an agent must never do without a human saying yes. It lives under
 * `policy:` in agentship.yaml (schema in schemas/agentship.schema.json); docs/security-policy.md
 * explains it. The defaults are built in; `defaults: false` drops them, and an entry with a
 * default's name replaces it.
 */
export interface PolicyEntry {
  name: string;
  reason: string;
  /** Bash command globs (Claude Code's syntax: `*` is any text). A compound `a | b` is covered when every part is. */
  commands: string[];
  /** Repository paths, gitignore-style, that an Edit/Write allow rule must not cover. */
  paths: string[];
  /** Tool-name globs (`mcp__stripe__*`) that an allow rule must not cover. */
  tools: string[];
}

export interface Policy {
  /** Allow rules covering these are errors: never auto-approved, whatever the reason. */
  neverAutoApprove: PolicyEntry[];
  /** Allow rules covering these are errors too: they belong in `ask`, so a human reviews each one. */
  requireReview: PolicyEntry[];
}

export type PolicyList = 'never-auto-approve' | 'require-review';

const entry = (name: string, reason: string, fields: Partial<Pick<PolicyEntry, 'commands' | 'paths' | 'tools'>>): PolicyEntry => ({
  name,
  reason,
  commands: fields.commands ?? [],
  paths: fields.paths ?? [],
  tools: fields.tools ?? [],
});

export const DEFAULT_POLICY: Policy = {
  neverAutoApprove: [
    entry('rm-rf', 'recursive forced deletion cannot be undone', { commands: ['rm -rf *', 'rm -fr *', 'rm -Rf *', 'rm -r -f *', 'rm -f -r *', 'rm --recursive --force *', 'rm --force --recursive *'] }),
    entry('sudo', 'root privileges on the machine the agent runs on', { commands: ['sudo *', 'doas *', 'su *'] }),
    entry('curl-pipe-shell', 'runs code downloaded at that moment, unreviewed', {
      commands: ['curl * | bash*', 'curl * | sh*', 'curl * | zsh*', 'wget * | bash*', 'wget * | sh*', 'curl * | sudo *', 'wget * | sudo *'],
    }),
    entry('production-database', 'changes to production data need a human and a rollback plan', {
      commands: ['psql *prod*', 'mysql *prod*', 'mongosh *prod*', 'prisma migrate deploy*', 'prisma db push*', 'rails db:migrate RAILS_ENV=production*', 'RAILS_ENV=production *', 'NODE_ENV=production *migrat*'],
      tools: ['mcp__*production*__*', 'mcp__prod-*__*', 'mcp__prod_*__*', 'mcp__*-prod__*', 'mcp__*_prod__*'],
    }),
    entry('deploy-without-tests', 'a deploy goes through the pipeline, after the tests pass', {
      commands: [
        'npm run deploy*', 'yarn deploy*', 'yarn run deploy*', 'pnpm deploy*', 'pnpm run deploy*', 'vercel --prod*', 'vercel deploy*', 'netlify deploy*',
        'fly deploy*', 'flyctl deploy*', 'firebase deploy*', 'kubectl apply *', 'kubectl rollout *', 'helm upgrade *', 'helm install *', 'terraform apply*',
        'cdk deploy*', 'sam deploy*', 'serverless deploy*', 'gcloud * deploy*', 'git push * production*', 'git push heroku *', 'git push --force*', 'git push -f*',
      ],
    }),
  ],
  requireReview: [
    entry('auth', 'authentication and authorization logic decides who gets in', {
      paths: ['**/auth/**', '**/auth.*', '**/authentication/**', '**/authorization/**', '**/oauth/**', '**/login/**'],
    }),
    entry('payments', 'payment logic moves money', {
      paths: ['**/payment/**', '**/payments/**', '**/billing/**', '**/checkout/**', '**/stripe/**'],
      tools: ['mcp__stripe__*', 'mcp__*payment*__*', 'mcp__*billing*__*'],
    }),
    entry('user-data-exports', 'exports of user data leave the system for good', {
      commands: ['pg_dump *', 'mysqldump *', 'mongoexport *', 'mongodump *'],
      tools: ['mcp__*__export*'],
    }),
    entry('security-configuration', 'these files decide what agents and pipelines may do', {
      paths: ['**/.claude/settings.json', '**/.claude/settings.local.json', '.github/workflows/**', '.gitlab-ci.yml', '**/CODEOWNERS', 'agentship.yaml', '**/.mcp.json', '**/agent-roles.*'],
    }),
  ],
};

/** The policy of a workspace: the defaults, merged with `policy:` from agentship.yaml. Invalid parts are left out (config/schema reports them). */
export function policyOf(config: AgentshipConfig): Policy {
  const raw = isRecord(config.policy) ? config.policy : {};
  const useDefaults = raw.defaults !== false;
  const merge = (defaults: PolicyEntry[], own: unknown): PolicyEntry[] => {
    const mine = Array.isArray(own) ? own.map(toEntry).filter((e): e is PolicyEntry => e !== undefined) : [];
    const names = new Set(mine.map((e) => e.name));
    return [...(useDefaults ? defaults.filter((d) => !names.has(d.name)) : []), ...mine];
  };
  return {
    neverAutoApprove: merge(DEFAULT_POLICY.neverAutoApprove, raw['never-auto-approve']),
    requireReview: merge(DEFAULT_POLICY.requireReview, raw['require-review']),
  };
}

export interface PolicyViolation {
  list: PolicyList;
  entry: PolicyEntry;
  /** The pattern of the entry the rule covers. */
  matched: string;
}

/**
 * The policy entries an allow rule would auto-approve. `others` are the other allow rules of the
 * same file: a compound policy command (`curl * | bash`) is covered only when each part is, by
 * this rule or another. Rules that grant everything are left to permissions/broad-allow.
 *
 * `files` are the repository's files, relative to the folder the settings apply to. With them, a
 * path entry is broken only when an existing file matches both the allow rule and the entry
 * (`Edit(src/**)` breaks "auth" when src/auth/login.ts exists); without them, when the globs overlap.
 */
export function policyViolations(rule: PermissionRule, others: readonly PermissionRule[], policy: Policy, files?: readonly string[]): PolicyViolation[] {
  if (broadGrant(rule)?.severity === 'error') return [];
  const out: PolicyViolation[] = [];
  const lists: Array<[PolicyList, PolicyEntry[]]> = [
    ['never-auto-approve', policy.neverAutoApprove],
    ['require-review', policy.requireReview],
  ];
  for (const [list, entries] of lists) {
    for (const entry of entries) {
      const matched = matchEntry(rule, others, entry, files);
      if (matched) out.push({ list, entry, matched });
    }
  }
  return out;
}

function matchEntry(rule: PermissionRule, others: readonly PermissionRule[], entry: PolicyEntry, files: readonly string[] | undefined): string | undefined {
  const mine = bashPatterns(rule);
  if (mine.length > 0) {
    const all = [rule, ...others].flatMap(bashPatterns);
    for (const command of entry.commands) {
      const parts = commandParts(command);
      // This rule must cover one part (the last one it can: the one that runs), the others any rule of the file.
      const coversMine = parts.some((part) => mine.some((p) => globsOverlap(p, part, 'command')));
      if (coversMine && parts.every((part) => all.some((p) => globsOverlap(p, part, 'command')))) return command;
    }
    return undefined;
  }
  const paths = editPaths(rule);
  if (paths && paths.length > 0) {
    if (!files) {
      for (const path of entry.paths) if (paths.some((p) => globsOverlap(p, path, 'path'))) return path;
      return undefined;
    }
    const allowed = patternMatcher(paths);
    for (const path of entry.paths) {
      const covered = patternMatcher([path]);
      const example = files.find((f) => allowed(f) && covered(f));
      if (example) return `${path}, such as ${example}`;
    }
    return undefined;
  }
  // Tool names are segments joined by `__`: a `*` in a server name does not reach into the tool name.
  const tool = mcpToolPattern(rule) ?? (rule.specifier === undefined ? rule.tool : undefined);
  const segments = (name: string) => name.split('__').join('/');
  if (!tool) return undefined;
  // A grant of a whole server is broad-allow's to judge; here it breaks only entries about whole servers
  // (`mcp__stripe__*`), not entries about some tools of any server (`mcp__*__export*`).
  const wholeServer = tool.startsWith('mcp__') && tool.split('__').length === 3 && tool.endsWith('__*');
  for (const pattern of entry.tools) {
    if (wholeServer && !pattern.endsWith('__*')) continue;
    if (globsOverlap(segments(tool), segments(pattern), 'path')) return pattern;
  }
  return undefined;
}

function toEntry(value: unknown): PolicyEntry | undefined {
  if (!isRecord(value) || typeof value.name !== 'string') return undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return entry(value.name, typeof value.reason === 'string' ? value.reason : value.name, { commands: strings(value.commands), paths: strings(value.paths), tools: strings(value.tools) });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
