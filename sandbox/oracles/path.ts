// Path-traversal oracle: decode the payload every way an app server might, resolve it against
// a virtual document root, and look the result up in a virtual file system holding canary
// files outside the root. Exploit = the resolved path leaves the root or reaches a canary.
import { posix } from 'node:path';
import { PIPELINES } from './path-decode';
import { summarise, type ContextResult, type OracleResult } from './types';

export const VIRTUAL_ROOT = '/srv/app/public';
/** Virtual FS. Canaries sit outside the root; the secret inside the root is reachable by design. */
export const VIRTUAL_FS: Record<string, { canary: boolean }> = {
  '/srv/app/public/index.html': { canary: false },
  '/srv/app/public/docs/readme.md': { canary: false },
  '/srv/app/public/report (final).pdf': { canary: false },
  '/srv/app/public/private/secret.json': { canary: false },
  '/etc/passwd': { canary: true },
  '/etc/shadow': { canary: true },
  '/srv/app/.env': { canary: true },
  '/windows/win.ini': { canary: true },
  '/proc/self/environ': { canary: true },
};

const inside = (p: string) => p === VIRTUAL_ROOT || p.startsWith(VIRTUAL_ROOT + '/');

/** Two ways apps join: `join` keeps absolute input under the root, `resolve` lets it replace the root. */
const JOINS = [
  { name: 'join', run: (p: string) => posix.join(VIRTUAL_ROOT, p) },
  { name: 'resolve', run: (p: string) => posix.resolve(VIRTUAL_ROOT, p.replace(/^[a-zA-Z]:(?=\/)/, '')) },
];

export async function pathOracle(payload: string): Promise<OracleResult> {
  const contexts: ContextResult[] = [];
  for (const pipe of PIPELINES) {
    const decoded = pipe.run(payload);
    for (const join of JOINS) {
      const resolved = join.run(decoded);
      const file = VIRTUAL_FS[resolved.toLowerCase()] ?? VIRTUAL_FS[resolved];
      const escapes = !inside(resolved);
      const canary = Boolean(file?.canary);
      const detail = `${JSON.stringify(decoded)} → ${resolved}` + (escapes ? ' (outside root)' : '') + (canary ? ' (canary file reached)' : '');
      contexts.push({ name: `${pipe.name} + ${join.name}`, exploitable: escapes || canary, detail });
    }
  }
  return summarise('path:virtual-fs', contexts);
}
