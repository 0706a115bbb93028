/** Structured logs: one JSON object per line. Never pass secrets here. */
export function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}

/**
 * Keeps the process serving when whatever reads its output goes away (the terminal closed, a log
 * collector restarted, `npm start | head`): lines written then are dropped. Without this, each write
 * to the closed pipe raised EPIPE as an uncaught error, whose report was itself such a write, and
 * the server spun at 100% CPU.
 */
export function dropOutputWhenClosed(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}
