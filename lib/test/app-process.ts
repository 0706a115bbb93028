import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs `npm start`'s server in a child process with its own data dir and ports. */
export type RunningApp = { process: ChildProcess; output: () => string; url: string };

export function appEnv(dataDir: string, port: number, dbPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    LOOPDESK_DATA_DIR: dataDir,
    LOOPDESK_DB_PORT: String(dbPort),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  return env;
}

export function makeDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-server-'));
  // mkdtemp makes it 0700; an embedded server in a folder below must be reachable by its own user.
  fs.chmodSync(dir, 0o755);
  return dir;
}

/**
 * Bundles server.ts and the CLI into dist/ as `npm start` does before it starts (lib/ops/compile.ts):
 * called once by each test run's setup, before the servers and CLIs it starts load the bundles.
 */
export function compileServer(): void {
  const compile = spawnSync(process.execPath, ['--import', 'tsx', 'lib/ops/compile.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (compile.status !== 0) throw new Error('compiling server.ts and the CLI failed');
}

/**
 * The arguments `npm start` gives node (package.json's start script), so a test runs the server as users do;
 * with BENCH_PROFILE_DIR, the benchmark's server also writes its CPU profile there.
 */
export function serverArgs(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start.split(/\s+/);
  if (program !== 'node') throw new Error(`package.json's start script should run node, not ${program}`);
  return process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR, ...args] : args;
}

export async function startApp(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<RunningApp> {
  const child = spawn(process.execPath, serverArgs(), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => {
      if (output.includes('Loopdesk is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { process: child, output: () => output, url: `http://127.0.0.1:${env.PORT}` };
}

export async function stopApp(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (app.process.exitCode !== null) return app.process.exitCode;
  return new Promise((resolve) => {
    app.process.once('exit', (code) => resolve(code));
    app.process.kill(signal);
  });
}

export function runCli(env: NodeJS.ProcessEnv, args: string[]) {
  return spawnSync(process.execPath, ['bin/loopdesk.mjs', ...args], { env, encoding: 'utf8' });
}
