import { posix } from 'node:path';
import type { Workspace } from '../discover/index.js';

/** An agent of the repository: a folder whose instruction chain it runs with. */
export interface Agent {
  name: string;
  /** Its folder, relative to the root ('' for the root). */
  path: string;
  /** The command a dry run starts for it, if configured. */
  command?: string;
  /** Whether agentship.yaml declared it (true) or discovery found it under agents/ (false). */
  declared: boolean;
}

interface AgentEntry {
  path?: string;
  command?: string;
}

/**
 * The agents: those declared under `agents:` in agentship.yaml, else every folder `agents/<name>/`
 * that holds an AGENTS.md or CLAUDE.md, else one agent for the repository root.
 */
export function listAgents(ws: Workspace): Agent[] {
  const declared = ws.config.agents;
  if (declared && typeof declared === 'object' && !Array.isArray(declared)) {
    return Object.entries(declared as Record<string, AgentEntry | null>).map(([name, entry]) => ({
      name,
      path: normalize(entry?.path ?? `agents/${name}`),
      command: typeof entry?.command === 'string' ? entry.command : undefined,
      declared: true,
    }));
  }
  const found = new Map<string, Agent>();
  for (const file of ws.instructions) {
    const parts = file.dir.split('/');
    if (parts.length === 2 && parts[0] === 'agents') found.set(parts[1], { name: parts[1], path: file.dir, declared: false });
  }
  if (found.size === 0) return [{ name: posix.basename(ws.root), path: '', declared: false }];
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/$/, '');
}
