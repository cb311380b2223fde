import type { DataFile, Workspace } from '../../discover/index.js';
import { normalizeMcpConfig, type McpServer } from '../../mcp/index.js';

/** A server with the line of any of its fields, for the mcp/ rules. */
export interface LocatedServer {
  server: McpServer;
  doc: DataFile;
  /** The line of a field below the entry (`lineAt('args', 2)`), or of the entry itself. */
  lineAt(...field: (string | number)[]): number;
}

export function* locatedServers(ws: Workspace): Generator<LocatedServer> {
  for (const doc of ws.mcpConfigs) {
    const data = doc.data;
    if (!data) continue;
    for (const server of normalizeMcpConfig(doc)) {
      yield { server, doc, lineAt: (...field) => data.lineOf([...server.path, ...field]) };
    }
  }
}
