#!/usr/bin/env node
// The `loopdesk` command: runs the CLI as `npm run compile` bundled it into dist/ (`npm start` and
// `npm run build` compile it too), compiling it first on a copy that has never been compiled.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'loopdesk.js');
if (!existsSync(compiled)) {
  const compile = spawnSync(process.execPath, ['--import', 'tsx', 'lib/ops/compile.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (compile.status !== 0) process.exit(compile.status ?? 1);
}
await import(pathToFileURL(compiled).href);
