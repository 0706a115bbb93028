import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** A process that logs every millisecond for a second, its output pipes closed by the reader at once. */
function logWithClosedOutput(setup: string): Promise<number | null> {
  const script = `${setup}\nconst timer = setInterval(() => log('info', 'still here'), 1);\nsetTimeout(() => { clearInterval(timer); process.exit(0); }, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  child.stderr.destroy();
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('dropOutputWhenClosed', () => {
  it('keeps the process running when whatever read its output has gone', async () => {
    expect(await logWithClosedOutput(`import { dropOutputWhenClosed, log } from './lib/log.ts';\ndropOutputWhenClosed();`)).toBe(0);
  });

  it('is what keeps it running: without it the first write to the closed pipe is an uncaught error', async () => {
    expect(await logWithClosedOutput(`import { log } from './lib/log.ts';`)).not.toBe(0);
  });
});
