import { posix } from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import budgetLimitsSchema from '../../../../../schemas/budget-limits.schema.json' with { type: 'json' };
import modelOverridesSchema from '../../../../../schemas/model-overrides.schema.json' with { type: 'json' };
import type { Rule } from '../types.js';

const schemas = { 'budget-limits': budgetLimitsSchema, 'model-overrides': modelOverridesSchema };
// Compiled when the rule first meets such a file, not on import.
const compiled = new Map<keyof typeof schemas, ReturnType<Ajv2020['compile']>>();
function validatorFor(base: keyof typeof schemas): ReturnType<Ajv2020['compile']> {
  let validate = compiled.get(base);
  if (!validate) compiled.set(base, (validate = new Ajv2020({ allErrors: true, strict: false }).compile(schemas[base])));
  return validate;
}

/**
 * The budgets and models validate counts against come from these files; a misspelt key or a
 * `tokens:` value of the wrong type would silently mean "no budget", so each is a finding on its
 * line. Wrong values in the cost parts (monthly-budget-usd, alert-levels, workload, models) are
 * reported by cost/invalid-workload, which reads them; this rule does not repeat those.
 */
export const environmentSchema: Rule = {
  id: 'budget/environment-schema',
  severity: 'error',
  description: 'environments/<env>/budget-limits.yaml and model-overrides.yaml follow their JSON Schemas (schemas/).',
  *check(context) {
    for (const env of context.workspace.environments) {
      const base = /^(budget-limits|model-overrides)\.(ya?ml|json)$/.exec(posix.basename(env.file.path))?.[1] as keyof typeof schemas | undefined;
      if (!base || !env.data || env.data.value === undefined) continue;
      const validate = validatorFor(base);
      if (validate(env.data.value)) continue;
      for (const error of (validate.errors ?? []).filter(ownedHere)) {
        const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
        const extra = extraName(error);
        yield {
          message: `${posix.basename(env.file.path)} ${path.length ? `${path.join('.')}: ` : ''}${extra ? `unknown key "${extra}"` : error.message} (schemas/${base}.schema.json).`,
          file: env.file.path,
          line: env.data.lineOf(extra ? [...path, extra] : path),
        };
      }
    }
  },
};

/** Unknown keys outside `workload:`, any problem inside `tokens:`, and a file that is not a mapping. */
function ownedHere(error: ErrorObject): boolean {
  if (error.instancePath === '/tokens' || error.instancePath.startsWith('/tokens/')) return true;
  if (error.instancePath === '' && error.keyword === 'type') return true;
  return error.keyword === 'additionalProperties' && !error.instancePath.startsWith('/workload');
}

function extraName(error: ErrorObject): string | undefined {
  return error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty : undefined;
}
