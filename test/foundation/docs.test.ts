import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES, findingKinds } from '@agentship/core';
import { REPO_ROOT } from '../helpers.js';
import { schemaTable, TABLE_END, TABLE_START } from './schema-table.js';

const CONFIGURATION = join(REPO_ROOT, 'docs/configuration.md');
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/agentship.schema.json'), 'utf8'));

describe('docs/configuration.md', () => {
  it('has the reference table of every key in schemas/agentship.schema.json, as generated from it', () => {
    const doc = readFileSync(CONFIGURATION, 'utf8');
    const start = doc.indexOf(TABLE_START);
    const end = doc.indexOf(TABLE_END);
    expect(start, 'the table markers are missing').toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const current = doc.slice(start + TABLE_START.length, end).trim();
    const fresh = schemaTable(schema);
    if (current !== fresh && process.env.AGENTSHIP_UPDATE_DOCS) {
      writeFileSync(CONFIGURATION, `${doc.slice(0, start + TABLE_START.length)}\n${fresh}\n${doc.slice(end)}`);
      return;
    }
    expect(current, 'the schema changed: run `AGENTSHIP_UPDATE_DOCS=1 npx vitest run test/foundation/docs.test.ts`').toBe(fresh);
  });

  it('documents every top-level key', () => {
    const doc = readFileSync(CONFIGURATION, 'utf8');
    const missing = Object.keys(schema.properties).filter((key) => !doc.includes(`| \`${key}\` |`));
    expect(missing).toEqual([]);
  });
});

describe('finding pages', () => {
  const pageOf = (id: string) => join(REPO_ROOT, 'docs/rules', `${id}.md`);

  it('config/internal-error, which the engine reports for a failing rule, has a page', () => {
    expect(existsSync(pageOf('config/internal-error'))).toBe(true);
  });

  it('every registered id (rules and stage findings) has docs/rules/<family>/<name>.md with its title, a Bad and a Good example section', () => {
    const problems: string[] = [];
    for (const kind of findingKinds) {
      const page = pageOf(kind.id);
      if (!existsSync(page)) {
        problems.push(`${kind.id}: no page`);
        continue;
      }
      const text = readFileSync(page, 'utf8');
      if (!text.startsWith(`# ${kind.id}\n`)) problems.push(`${kind.id}: the page does not start with "# ${kind.id}"`);
      for (const section of ['Bad', 'Good']) {
        const at = text.search(new RegExp(`^## ${section}\\b`, 'm'));
        if (at < 0) problems.push(`${kind.id}: no "## ${section}" section`);
        else if (!(text.slice(at).split(/^## /m)[1] ?? '').replace(/^.*\n/, '').trim()) problems.push(`${kind.id}: the "${section}" section is empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every page under docs/rules is the page of a registered id', () => {
    const registered = new Set(findingKinds.map((kind) => kind.id));
    const pages = FAMILIES.flatMap((family) => {
      const dir = join(REPO_ROOT, 'docs/rules', family);
      return existsSync(dir) ? readdirSync(dir).map((f) => `${family}/${f.replace(/\.md$/, '')}`) : [];
    });
    const families = readdirSync(join(REPO_ROOT, 'docs/rules'));
    expect(families.filter((f) => !FAMILIES.includes(f))).toEqual([]);
    expect(pages.filter((id) => !registered.has(id))).toEqual([]);
  });
});

describe('links in the configuration and config rule pages', () => {
  it('point at files that exist', () => {
    const pages = [CONFIGURATION, ...readdirSync(join(REPO_ROOT, 'docs/rules/config')).map((f) => join(REPO_ROOT, 'docs/rules/config', f))];
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target) || target.startsWith('#')) continue;
        const path = resolve(dirname(page), target.split('#')[0]);
        if (!existsSync(path)) broken.push(`${page.slice(REPO_ROOT.length + 1)} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
