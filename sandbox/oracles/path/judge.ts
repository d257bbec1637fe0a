// One decoded path value resolved against the virtual host under the two ways apps join a
// path to their root, and judged: traversal out of the root, a canary file reached, or
// (Windows) a UNC path that opens a file on another host.
import { posix } from 'node:path';
import { lookup, VIRTUAL_ROOT } from '../path-fs';
import type { ContextResult } from '../types';

const inside = (p: string) => p === VIRTUAL_ROOT || p.startsWith(VIRTUAL_ROOT + '/');

/** Two ways apps join: `join` keeps absolute input under the root, `resolve` lets it replace the root. */
const JOINS = [
  { name: 'join', run: (p: string) => posix.join(VIRTUAL_ROOT, p), absoluteReplacesRoot: false },
  { name: 'resolve', run: (p: string) => posix.resolve(VIRTUAL_ROOT, p.replace(/^[a-zA-Z]:(?=\/)/, '')), absoluteReplacesRoot: true },
];

/** Whether the input is absolute for `resolve` (after the drive letter is dropped), i.e. it replaces the root. */
const replacesRoot = (p: string) => p.replace(/^[a-zA-Z]:(?=\/)/, '').startsWith('/');
/**
 * `\\host\share\…` after backslashes became `/`. To this host's administrative share
 * (`\\127.0.0.1\c$\…`, `\\localhost\c$`) or a device path (`\\?\C:\…`, `\\.\C:\…`) it is
 * a local absolute path; to any other host it names a file server, which is everyday input on
 * an intranet: like an absolute path, it counts only where it reaches a sensitive file.
 */
function uncLocal(p: string): string | undefined {
  const m = /^\/\/(localhost|127\.0\.0\.1|\?|\.)\/(?:([a-z])\$|([a-z]):)(\/.*)?$/i.exec(p);
  return m ? (m[4] ?? '/') : undefined;
}

/** Longer values are shown by their two ends and their length: a 100k-character path would otherwise fill every context's evidence twice. */
const SHOWN = 200;
const shown = (s: string) => (s.length <= SHOWN ? s : `${s.slice(0, 96)}…${s.slice(-96)} (${s.length} characters)`);
const quoted = (s: string) => (s.length <= SHOWN ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, 96))}…${JSON.stringify(s.slice(-96))} (${s.length} characters)`);

/** One decoded value under both joins; `stack` labels the contexts. */
export function judgeDecoded(decoded: string, label: string, stack: string): ContextResult[] {
  const out: ContextResult[] = [];
  for (const join of JOINS) {
    const local = join.absoluteReplacesRoot && stack === 'windows' ? uncLocal(decoded) : undefined;
    const resolved = local ?? join.run(decoded);
    const file = lookup(resolved);
    const canary = Boolean(file?.canary);
    const outside = !inside(resolved);
    // Outside the root with a relative input (or any input under `join`) can only come from
    // `..` segments climbing past the root; with an absolute input under `resolve` the root
    // was replaced, which is a property of the app's join, not of the value.
    const absolute = join.absoluteReplacesRoot && replacesRoot(decoded);
    const traversal = outside && !absolute;
    let detail = `${quoted(decoded)} → ${shown(resolved)}${local ? ' (UNC path to this host: admin share or device path)' : ''}`;
    if (canary) detail += ' (canary file reached)';
    else if (traversal && !local) detail += ' (.. climbs out of the root)';
    else if (outside) detail += ' (absolute path replaces the root; no canary file there, nothing read outside the app)';
    out.push({ name: `${label} + ${join.name}`, stack, exploitable: canary || (traversal && !local), detail });
  }
  return out;
}

