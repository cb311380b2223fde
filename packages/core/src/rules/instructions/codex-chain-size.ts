import { listAgents } from '../../agents/index.js';
import { codexChain, codexSettings, importGraph } from '../../budget/index.js';
import type { Report, Rule } from '../types.js';

/**
 * Codex concatenates AGENTS.md files from the root down to the working folder and stops at
 * `project_doc_max_bytes` (32 KiB by default): what lies past it never reaches the model.
 */
export const codexChainSize: Rule = {
  id: 'instructions/codex-chain-size',
  severity: 'warning',
  description: 'The AGENTS.md chain Codex loads (root to folder) fits in project_doc_max_bytes (32 KiB by default).',
  *check(context) {
    const ws = context.workspace;
    const settings = codexSettings(ws);
    const graph = importGraph(ws);
    const folders = new Set([...ws.instructions.map((i) => i.dir), ...listAgents(ws).map((a) => a.path)]);
    // One report per place the limit is crossed, however many folders' chains cross it there.
    const crossings = new Map<string, { report: Report; folders: string[]; dropped: Set<string>; total: number }>();
    for (const folder of [...folders].sort()) {
      const chain = codexChain(ws, folder, settings);
      const cut = chain.files.find((f) => f.truncated);
      const at = cut?.file ?? chain.dropped[0];
      if (!at) continue;
      // codexChain drops only files it has read, so each dropped file has a source.
      const total = chain.files.reduce((sum, f) => sum + f.bytes, 0) + chain.dropped.reduce((sum, f) => sum + graph.source(f)!.byteLength, 0);
      const line = cut ? graph.source(cut.file)?.lineAt(Math.max(0, cut.text.length - 1)) : undefined;
      let crossing = crossings.get(at);
      if (!crossing) {
        crossing = { report: { message: '', file: at, ...(line ? { line } : {}) }, folders: [], dropped: new Set(), total: 0 };
        crossings.set(at, crossing);
      }
      crossing.folders.push(folder === '' ? 'the root folder' : folder);
      chain.dropped.forEach((f) => crossing.dropped.add(f));
      crossing.total = Math.max(crossing.total, total);
    }
    const limit = settings.source ? `project_doc_max_bytes = ${settings.maxBytes} in ${settings.source}` : `project_doc_max_bytes, ${settings.maxBytes} bytes by default`;
    for (const [at, { report, folders: affected, dropped, total }] of crossings) {
      const where = affected.length > 3 ? `${affected.slice(0, 3).join(', ')} and ${affected.length - 3} more folders` : affected.join(', ');
      const cutText = report.line ? `this file is cut after line ${report.line}` : `this file is left out`;
      const droppedText = [...dropped].filter((f) => f !== at);
      report.message =
        `Codex stops reading instruction files at ${limit}: the chain for ${where} is ${total} bytes, so ${cutText}` +
        (droppedText.length ? ` and ${droppedText.join(', ')} ${droppedText.length === 1 ? 'is' : 'are'} not loaded` : '') +
        '. Move detail into files the agent reads on demand, or split the chain.';
      yield report;
    }
  },
};
