import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { compileServer } from '@/lib/test/app-process';

/**
 * The server tests run what ships: a fresh production build of the current code, and the server
 * and CLI compiled from it. LOOPDESK_REUSE_BUILD=1 keeps an existing `.next` build, for a developer
 * re-running one test file (the compile takes a second, so it always runs).
 */
export function setup() {
  compileServer();
  if (process.env.LOOPDESK_REUSE_BUILD === '1' && existsSync('.next/BUILD_ID')) return;
  const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error('next build failed');
}
