import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { listening } from './ports';
import path from 'node:path';

/** The header the balancer adds to each answer: the name of the backend that served it. */
export const SERVED_BY_HEADER = 'x-served-by';

export type Balancer = { url: string; output: () => string; stop: () => Promise<void> };

/**
 * Debian's HAProxy (`apt install haproxy`, found on PATH) in the foreground, round-robin over
 * `backends` (name → port on 127.0.0.1), the way an operator would put several instances behind it:
 * `option forwardfor` for the app's LOOPDESK_TRUST_PROXY, and the backend's name on every answer.
 */
export async function startHaproxy(dir: string, port: number, backends: Record<string, number>): Promise<Balancer> {
  const configFile = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(
    configFile,
    [
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  option forwardfor',
      // Node closes a keep-alive connection idle for 5 s; a pooled one reused at that moment would
      // answer 502. A connection per request to the app rules that race out (the client side keeps alive).
      '  option http-server-close',
      'frontend loopdesk',
      `  bind 127.0.0.1:${port}`,
      '  default_backend apps',
      'backend apps',
      '  balance roundrobin',
      `  http-response set-header ${SERVED_BY_HEADER} %[srv_name]`,
      ...Object.entries(backends).map(([name, backendPort]) => `  server ${name} 127.0.0.1:${backendPort}`),
      '',
    ].join('\n'),
  );
  const child = spawn('haproxy', ['-f', configFile, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.on('error', (error) => reject(new Error(`haproxy did not start (apt install haproxy): ${error.message}`)));
    child.on('exit', (code) => reject(new Error(`haproxy exited with ${code}:\n${output}`)));
  });
  await Promise.race([exited, listening(port, 10_000, 'haproxy')]);
  exited.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
