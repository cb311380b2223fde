import type { FindingKind } from '../findings/index.js';

/** The finding `agentship mcp-check` reports (docs/rules/dryrun/mcp-server-unavailable.md). */
export const mcpCheckFindingKinds: readonly FindingKind[] = [
  {
    id: 'dryrun/mcp-server-unavailable',
    severity: 'error',
    description: 'A configured MCP server did not answer initialize and tools/list.',
  },
];
