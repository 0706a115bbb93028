#!/usr/bin/env node
// The `loopdesk` command: runs the TypeScript CLI through tsx with the project's tsconfig.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register({ tsconfig: path.join(root, 'tsconfig.json') });
await import('./loopdesk.ts');
