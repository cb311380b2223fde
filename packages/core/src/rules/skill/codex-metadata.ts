import { parseYaml } from '../../parse/index.js';
import type { Report, Rule } from '../types.js';
import { isPlainObject, yamlType } from './common.js';
import { skillFileText } from './references.js';

/**
 * The shape observed in openai/openai-agents-python's `.agents/skills/*\/agents/openai.yaml`.
 * No official documentation was found (research formats.md 1.8), so only syntax is an error.
 */
const KNOWN: Record<string, Record<string, 'string' | 'boolean'>> = {
  interface: { display_name: 'string', short_description: 'string', default_prompt: 'string' },
  policy: { allow_implicit_invocation: 'boolean' },
};

export const codexMetadata: Rule = {
  id: 'skill/codex-metadata',
  severity: 'error',
  description: 'Codex profile: a skill\'s agents/openai.yaml parses and has the observed shape (interface.display_name, short_description, default_prompt; policy).',
  *check(context) {
    const ws = context.workspace;
    for (const skill of ws.skills) {
      if (skill.profile !== 'codex') continue;
      const path = skill.dir ? `${skill.dir}/agents/openai.yaml` : 'agents/openai.yaml';
      if (!skill.files.includes(path)) continue;
      const text = skillFileText(ws, path);
      if (text === undefined) continue;
      const parsed = parseYaml(text);
      const reports: Report[] = [];
      const warn = (message: string, keyPath: string[]) => reports.push({ message, file: path, line: parsed.lineOf(keyPath), severity: 'warning' });
      for (const p of parsed.problems) reports.push({ message: `Invalid YAML: ${p.message}`, file: path, line: p.line, column: p.column, severity: p.severity });
      if (!parsed.problems.some((p) => p.severity === 'error')) {
        const value = parsed.value ?? {};
        if (!isPlainObject(value)) warn(`agents/openai.yaml should be a mapping with \`interface:\`, not ${yamlType(value)}.`, []);
        else {
          for (const [section, content] of Object.entries(value)) {
            const fields = KNOWN[section];
            if (!fields) {
              warn(`Codex skill metadata has no known section '${section}' (known: ${Object.keys(KNOWN).join(', ')}).`, [section]);
              continue;
            }
            if (!isPlainObject(content)) {
              warn(`'${section}' should be a mapping, not ${yamlType(content)}.`, [section]);
              continue;
            }
            for (const [key, field] of Object.entries(content)) {
              const type = fields[key];
              if (!type) warn(`'${section}.${key}' is not a known Codex skill setting (known: ${Object.keys(fields).join(', ')}).`, [section, key]);
              else if (typeof field !== type) warn(`'${section}.${key}' should be a ${type}, not ${yamlType(field)}.`, [section, key]);
            }
          }
        }
      }
      yield* reports;
    }
  },
};
