import fs from 'node:fs';

/** What the benchmark reads of a server process from /proc: its memory and its CPU time. */

/** Resident memory of a process and its descendants, in MB; null where there is no /proc. */
export function treeRssMb(pid: number): number | null {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const children = fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    return kb / 1024 + children.reduce((sum, child) => sum + (treeRssMb(child) ?? 0), 0);
  } catch {
    return null;
  }
}

/** CPU time a process has used, in ms (user + system, from /proc); null where there is no /proc. */
function cpuMs(pid: number): number | null {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces and parentheses:
    // utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100;

/** Runs `work` and says how much CPU time process `pid` spent meanwhile, in ms (null where there is no /proc). */
export async function cpuDuring<T>(pid: number, work: () => Promise<T>): Promise<[T, number | null]> {
  const before = cpuMs(pid);
  const result = await work();
  const after = cpuMs(pid);
  return [result, before === null || after === null ? null : after - before];
}
