import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

/**
 * The official SARIF 2.1.0 JSON schema (the copy @microsoft/jest-sarif ships), compiled with Ajv.
 * The file is draft-04; Ajv 8 reads it once `id` is renamed `$id`, and one of its patterns is not
 * valid in Unicode mode, hence `unicodeRegExp: false`.
 */
export function sarifValidator(): (log: unknown) => string[] {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

/** What GitHub code scanning needs beyond the schema (docs: "SARIF support for code scanning"). */
export function githubSarifProblems(log: any): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0') problems.push('version is not 2.1.0');
  for (const run of log.runs ?? []) {
    const rules: any[] = run.tool?.driver?.rules ?? [];
    if (!run.tool?.driver?.name) problems.push('run without tool.driver.name');
    for (const rule of rules) {
      if (!rule.id) problems.push('rule without id');
      if (!/^https?:\/\//.test(rule.helpUri ?? '')) problems.push(`rule ${rule.id} without helpUri`);
      if (!rule.shortDescription?.text) problems.push(`rule ${rule.id} without shortDescription`);
    }
    for (const result of run.results ?? []) {
      if (!result.message?.text) problems.push('result without message.text');
      const rule = rules[result.ruleIndex];
      if (!rule || rule.id !== result.ruleId) problems.push(`result ${result.ruleId}: ruleIndex ${result.ruleIndex} does not point at its rule`);
      const location = result.locations?.[0]?.physicalLocation;
      if (!location?.artifactLocation?.uri) problems.push(`result ${result.ruleId} without a location uri`);
      else if (/^(\/|[a-z]+:)/i.test(location.artifactLocation.uri)) problems.push(`result ${result.ruleId}: uri ${location.artifactLocation.uri} is not relative to the repository`);
      if (!(location?.region?.startLine >= 1)) problems.push(`result ${result.ruleId} without region.startLine >= 1`);
      if (!result.partialFingerprints || Object.keys(result.partialFingerprints).length === 0) problems.push(`result ${result.ruleId} without partialFingerprints`);
    }
  }
  return problems;
}
