import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT } from '../helpers.js';

/**
 * GitHub's own workflow and action.yml parser (@actions/workflow-parser, from actions/languageservices).
 * It imports its JSON schemas without import attributes, which Node 20's ESM loader refuses, so it
 * is bundled once with esbuild (as the research found works) and loaded from the bundle.
 */
export interface ParseProblem {
  message: string;
}

export interface GithubParser {
  /** Schema and expression errors of a workflow file, plus those found converting it as the runner would. */
  workflowErrors(name: string, content: string): Promise<string[]>;
  /** Schema errors of an action.yml. */
  actionErrors(name: string, content: string): string[];
}

let loaded: Promise<GithubParser> | undefined;

export function githubParser(): Promise<GithubParser> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<GithubParser> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'agentship-workflow-parser-')), 'parser.mjs');
  await build({
    stdin: {
      contents: [
        "export { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';",
        "export { parseAction } from '@actions/workflow-parser/actions/action-parser';",
      ].join('\n'),
      resolveDir: join(REPO_ROOT, 'test'),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'silent',
  });
  type Errors = { context: { errors: { getErrors(): ParseProblem[] } }; value?: unknown };
  const mod = (await import(pathToFileURL(outfile).href)) as {
    parseWorkflow(file: { name: string; content: string }, trace: unknown): Errors;
    parseAction(file: { name: string; content: string }, trace: unknown): Errors;
    convertWorkflowTemplate(context: unknown, root: unknown): Promise<{ errors?: Array<{ Message: string }> }>;
    NoOperationTraceWriter: new () => unknown;
  };
  return {
    async workflowErrors(name, content) {
      const parsed = mod.parseWorkflow({ name, content }, new mod.NoOperationTraceWriter());
      const errors = parsed.context.errors.getErrors().map((e) => e.message);
      if (errors.length || !parsed.value) return errors.length ? errors : [`${name}: nothing parsed`];
      const converted = await mod.convertWorkflowTemplate(parsed.context, parsed.value);
      return (converted.errors ?? []).map((e) => e.Message);
    },
    actionErrors(name, content) {
      return mod.parseAction({ name, content }, new mod.NoOperationTraceWriter()).context.errors.getErrors().map((e) => e.message);
    },
  };
}
