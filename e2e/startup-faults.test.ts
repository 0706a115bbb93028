import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appEnv, makeDataDir, serverArgs, startApp, stopApp } from '@/lib/test/app-process';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** `npm start` as a new user runs it, expected to stop at once: its exit code and all it printed. */
function startFails(env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, serverArgs(), { env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('start-up faults a new user meets', () => {
  it('explains a data folder the embedded server cannot enter, and exits 1 without a stack trace', () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-closed-'));
    made.push(closed);
    fs.chmodSync(closed, 0o700);
    const env = appEnv(path.join(closed, 'data'), 3110, 54363);
    const run = startFails(env);
    if (process.getuid?.() === 0) {
      // As root the server runs as "postgres", which cannot pass a folder of mode 700.
      expect(run.status).toBe(1);
      expect(run.output).toContain(`cannot enter ${closed} (mode 700)`);
      expect(run.output).toContain('run npm start as a normal user');
      expect(run.output).toContain('set DATABASE_URL');
      expect(run.output).not.toMatch(/^\s+at /m);
    } else {
      // As anyone else the server runs as that user, who owns the folder: no fault to explain.
      expect(run.output).not.toContain('cannot enter');
    }
  });

  it('names LOOPDESK_DB_PORT when the chosen port is taken, and exits 1 without a stack trace', async () => {
    const blocker = await occupy(54364);
    try {
      const dir = makeDataDir();
      made.push(dir);
      const run = startFails(appEnv(dir, 3111, 54364));
      expect(run.status).toBe(1);
      expect(run.output).toContain('Port 54364 for the embedded PostgreSQL (LOOPDESK_DB_PORT) is taken by another program');
      expect(run.output).not.toMatch(/^\s+at /m);
    } finally {
      blocker.close();
    }
  });

  // The scan binds each of 54330-54349 for a moment to see whether it is free, so the server tests'
  // own fixed ports lie above that window (54357 and up): a probe there once made a test running
  // alongside find its chosen port "taken by another program".
  it('takes the next free port when the default one is taken and nobody chose one, and says so', async () => {
    const blocker = await occupy(54329).catch(() => null); // taken already is as good
    const dir = makeDataDir();
    made.push(dir);
    const env = appEnv(dir, 3112, 0);
    delete env.LOOPDESK_DB_PORT;
    const app = await startApp(env);
    try {
      expect(app.output()).toMatch(/port 54329 is taken: the embedded PostgreSQL listens on 543\d\d/);
      expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await stopApp(app);
      blocker?.close();
    }
  });
});
