import type { Rule } from '../types.js';
import { isPlainObject, parsedSkills, yamlType } from './common.js';

export const metadataFormat: Rule = {
  id: 'skill/metadata-format',
  severity: 'error',
  description: '`metadata`, when present, maps string keys to string values.',
  *check(context) {
    for (const s of parsedSkills(context.workspace)) {
      if (!('metadata' in s.fields)) continue;
      const metadata = s.fields.metadata;
      if (!isPlainObject(metadata)) {
        yield { message: `Field 'metadata' must be a mapping of string keys to string values, not ${yamlType(metadata)}.`, file: s.path, line: s.lineOf('metadata') };
        continue;
      }
      for (const [key, value] of Object.entries(metadata)) {
        if (typeof value === 'string') continue;
        const at = { file: s.path, line: s.lineOf('metadata', key) };
        if (value !== null && typeof value === 'object') {
          yield { ...at, message: `metadata.${key} must be a string, not ${yamlType(value)}; the spec allows only string values.` };
        } else {
          // strictyaml reads `1.0` as the text "1.0"; YAML 1.1/1.2 readers get a number, so quote it to be read the same everywhere.
          const written = /:\s*(.*?)\s*$/.exec(s.skill.file.lineText(at.line))?.[1] ?? String(value ?? '');
          yield { ...at, message: `metadata.${key} is ${yamlType(value)}; quote it (${key}: "${written}") so every YAML reader gets a string.`, severity: 'warning' };
        }
      }
    }
  },
};
