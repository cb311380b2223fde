import { fingerprint, ruleDocsUrl, type Severity } from '../findings/index.js';
import type { ReportInput } from './render.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

/** SARIF 2.1.0 as GitHub code scanning accepts it: rules with helpUri, physical locations, partialFingerprints. */
export function formatSarif(input: ReportInput, version: string): string {
  const ruleIds = [...new Set([...input.rules.map((r) => r.id), ...input.findings.map((f) => f.ruleId)])].sort();
  const byId = new Map(input.rules.map((r) => [r.id, r]));
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agentship',
            informationUri: 'https://github.com/agentship/agentship',
            semanticVersion: version,
            rules: ruleIds.map((id) => {
              const rule = byId.get(id);
              return {
                id,
                name: id.replace(/[/-](\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/^\w/, (ch) => ch.toUpperCase()),
                shortDescription: { text: rule?.description ?? id },
                fullDescription: { text: rule?.description ?? id },
                helpUri: ruleDocsUrl(id),
                help: { text: `See ${ruleDocsUrl(id)}`, markdown: `[${id}](${ruleDocsUrl(id)})` },
                defaultConfiguration: { level: LEVEL[rule?.severity ?? 'warning'] },
                properties: { tags: [id.split('/')[0]] },
              };
            }),
          },
        },
        results: input.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file === '.' ? '.' : encodeURI(f.file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: f.line ?? 1,
                  ...(f.column ? { startColumn: f.column } : {}),
                  ...(f.endLine ? { endLine: f.endLine } : {}),
                },
              },
            },
          ],
          partialFingerprints: { 'agentship/v1': fingerprint(f) },
        })),
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
      },
    ],
  };
  delete (sarif.runs[0] as { originalUriBaseIds?: unknown }).originalUriBaseIds;
  return JSON.stringify(sarif, null, 2) + '\n';
}
