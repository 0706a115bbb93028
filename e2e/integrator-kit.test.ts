import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import newman from 'newman';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEnv, makeDataDir, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';
import { freePort } from '@/lib/test/ports';
import { startSmtpCapture, type SmtpCapture } from '@/lib/test/smtp-capture';
import { startReceiver, type Receiver } from '@/lib/test/webhook-receiver';

/**
 * The integrator's kit against what ships: the production build on a fresh database with no demo
 * data, the way an integrator meets a new desk. newman runs the Postman collection the app serves,
 * then each SDK's own suite and every guide's samples run against the same app.
 */
const dataDir = makeDataDir();
const database = `loopdesk_kit_${process.pid}`;
let app: RunningApp;
let smtp: SmtpCapture;
let receiver: Receiver;
let apiKey = '';

beforeAll(async () => {
  smtp = await startSmtpCapture();
  receiver = await startReceiver();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...appEnv(dataDir, port, await freePort()),
    LOOPDESK_DEMO_DATA: 'false',
    // The suites and samples below share the first admin key: more than its default hour's budget.
    LOOPDESK_DEFAULT_RATE_LIMIT: '100000',
    LOOPDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    LOOPDESK_SMTP_URL: smtp.url,
    LOOPDESK_MAIL_FROM: 'Acme Support <support@acme.example>',
    LOOPDESK_PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = await freshDatabase(process.env.TEST_DATABASE_URL);
  app = await startApp(env);
  apiKey = /API key: {2}(ld_live_\S+)/.exec(app.output())?.[1] ?? '';
  expect(apiKey).toMatch(/^ld_live_/);
});

afterAll(async () => {
  if (app) await stopApp(app);
  await smtp?.close();
  await receiver?.close();
  if (process.env.TEST_DATABASE_URL) await dropDatabase(process.env.TEST_DATABASE_URL);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freshDatabase(serverUrl: string): Promise<string> {
  await dropDatabase(serverUrl);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end();
}

type Outcome = { code: number | null; output: string };

/** Runs a program with the live app's address and admin key in its environment. */
function run(command: string, args: string[], cwd = '.'): Promise<Outcome> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, LOOPDESK_URL: app.url, LOOPDESK_API_KEY: apiKey, PYTHONPATH: path.resolve('sdk/python'), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('the Postman collection', () => {
  it('runs green with newman, every request at its documented status', async () => {
    const res = await fetch(`${app.url}/api/v1/postman.json`);
    expect(res.status).toBe(200);
    const collection = (await res.json()) as { variable: { key: string; value: string }[]; item: { item: unknown[] }[] };
    expect(collection.variable.find((v) => v.key === 'baseUrl')?.value).toBe(app.url);
    const summary = await new Promise<newman.Summary>((resolve, reject) =>
      newman.run(
        {
          collection,
          envVar: [
            { key: 'apiKey', value: apiKey },
            { key: 'webhookUrl', value: receiver.url() },
          ],
          reporters: [],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const failures = summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.message}`);
    expect(failures).toEqual([]);
    const requests = collection.item.reduce((n, folder) => n + folder.item.length, 0);
    expect(summary.run.stats.assertions).toEqual({ total: requests, pending: 0, failed: 0 });
    // The webhook step's ping and the emailed reply reached real servers.
    expect(receiver.received.length).toBeGreaterThan(0);
    expect(smtp.received.length).toBeGreaterThan(0);
  });
});

describe('the SDKs', () => {
  it("passes the TypeScript SDK's suite against the app", async () => {
    const outcome = await run('npm', ['test'], 'sdk/typescript');
    expect(outcome.code, outcome.output).toBe(0);
  });

  it("passes the Python SDK's suite against the app", async () => {
    const outcome = await run('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], 'sdk/python');
    expect(outcome.code, outcome.output).toBe(0);
  });
});

describe("the guides' samples", () => {
  const guides = fs.readdirSync('sdk/examples', { withFileTypes: true }).filter((d) => d.isDirectory());
  const programs: Record<string, (file: string) => [string, string[]]> = {
    'curl.sh': (file) => ['bash', [file]],
    'typescript.ts': (file) => [process.execPath, ['--import', 'tsx', file]],
    'python.py': (file) => ['python3', [file]],
  };
  const samples = guides.flatMap((guide) =>
    fs
      .readdirSync(path.join('sdk/examples', guide.name))
      .filter((name) => name in programs)
      .map((name) => path.join('sdk/examples', guide.name, name)),
  );

  it('has curl, TypeScript and Python samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(3 * 7);
  });

  it("are what the README's Quick Start shows, side by side", () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Quick Start'), readme.indexOf('\n### ', readme.indexOf('### Quick Start') + 1));
    const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]);
    const file = (name: string) => fs.readFileSync(path.join('sdk/examples/quick-start', name), 'utf8');
    expect(blocks).toEqual([
      ['sh', file('curl.sh')],
      ['ts', file('typescript.ts')],
      ['python', file('python.py')],
    ]);
  });

  it.each(samples)('runs %s against the app', async (file) => {
    const [command, args] = programs[path.basename(file)]!(file);
    const outcome = await run(command, args);
    expect(outcome.code, outcome.output).toBe(0);
  });
});
