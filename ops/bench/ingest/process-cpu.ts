// CPU time of this process and every process it started (broker JVM, MinIO, Postgres, the
// Temporal dev server), from /proc. On a machine shared with other work, events/s depends on
// their load; CPU milliseconds per event per service do not (much), and show which service
// bounds the rate. Linux only; elsewhere the sample is empty.
import { readFileSync, readdirSync } from 'node:fs';

/** CPU milliseconds (user + system) by command name; this process is `bench`. */
export type CpuSample = Record<string, number>;

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function sampleCpu(): CpuSample {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return {};
  }
  const procs: { pid: number; comm: string; ppid: number; ms: number }[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const rest = stat.slice(close + 2).split(' ');
      // Fields after the command: state ppid … utime(12th) stime(13th), counted from state = 0.
      procs.push({ pid: Number(pid), comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(rest[1]), ms: (Number(rest[11]) + Number(rest[12])) * TICK_MS });
    } catch {
      // exited while listing
    }
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) grew = mine.add(p.pid) !== undefined;
  }
  const out: CpuSample = {};
  for (const p of procs) {
    if (!mine.has(p.pid)) continue;
    const name = p.pid === process.pid ? 'bench' : p.comm;
    out[name] = (out[name] ?? 0) + p.ms;
  }
  return out;
}

/** `after - before` per process name, divided by `per` (e.g. events), names with under 0.01 dropped. */
export function cpuPer(before: CpuSample, after: CpuSample, per: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after)) {
    const d = (ms - (before[name] ?? 0)) / per;
    if (d >= 0.01) out[name] = Math.round(d * 100) / 100;
  }
  return out;
}
