#!/usr/bin/env node
// The built CLI lives in ../dist; this shim exists so the bin link works before the first build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/agentship.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('agentship: the CLI is not built yet. Run `npm run build` in the repository root.\n');
  process.exit(2);
}
await import(bundle);
