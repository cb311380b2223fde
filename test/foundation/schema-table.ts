/**
 * Renders schemas/agentship.schema.json as the markdown reference table in docs/configuration.md:
 * one row per key, nested keys as dotted paths (`dry-run.caps.max-tokens`), map entries as `<name>`,
 * list items as `[]`.
 */
type Schema = {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minimum?: number;
  maximum?: number;
};

export const TABLE_START = '<!-- schema-table:start (generated from schemas/agentship.schema.json by test/foundation/docs.test.ts) -->';
export const TABLE_END = '<!-- schema-table:end -->';

export function schemaTable(schema: Schema): string {
  const rows: string[] = ['| key | type | description |', '|---|---|---|'];
  const visit = (node: Schema, path: string): void => {
    if (path) rows.push(`| \`${path}\` | ${typeOf(node)} | ${cell(describe(node))} |`);
    for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, path ? `${path}.${key}` : key);
    if (node.additionalProperties && typeof node.additionalProperties === 'object' && hasChildren(node.additionalProperties)) {
      visit(node.additionalProperties, `${path}.<name>`);
    }
    if (node.items && hasChildren(node.items)) {
      for (const [key, child] of Object.entries(node.items.properties ?? {})) visit(child, `${path}[].${key}`);
    }
  };
  visit(schema, '');
  return rows.join('\n');
}

function hasChildren(node: Schema): boolean {
  return Boolean(node.properties && Object.keys(node.properties).length);
}

function typeOf(node: Schema): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(', ');
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  const rendered = types.map((t) => {
    if (t === 'array') return `${node.items ? typeOf(node.items) : 'any'} list`;
    if (t === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object' && !hasChildren(node)) {
      return `map of ${typeOf(node.additionalProperties)}`;
    }
    return t;
  });
  return rendered.join(' or ') || 'any';
}

function describe(node: Schema): string {
  const parts = [node.description ?? ''];
  if (node.minimum !== undefined && node.maximum !== undefined) parts.push(`From ${node.minimum} to ${node.maximum}.`);
  else if (node.minimum !== undefined) parts.push(`At least ${node.minimum}.`);
  else if (node.maximum !== undefined) parts.push(`At most ${node.maximum}.`);
  if (node.default !== undefined) parts.push(`Default: \`${JSON.stringify(node.default)}\`.`);
  return parts.filter(Boolean).join(' ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
