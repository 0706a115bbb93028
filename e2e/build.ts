import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The server tests run what ships: a fresh production build of the current code.
 * LOOPDESK_REUSE_BUILD=1 keeps an existing build, for a developer re-running one test file.
 */
export function setup() {
  if (process.env.LOOPDESK_REUSE_BUILD === '1' && existsSync('.next/BUILD_ID')) return;
  const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error('next build failed');
}
