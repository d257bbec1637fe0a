// Path-traversal oracle: decode the payload every way an app server might, resolve it against
// a virtual document root, and look the result up in a virtual file system holding canary
// files outside the root. Exploit = a `..` traversal climbs out of the root, or the resolved
// path reaches a canary file. An absolute path that merely *replaces* the root (how
// `path.resolve(root, input)` treats `/home/x/a.png` or `C:\Users\…`) reads nothing unless it
// names a file that exists there: such values are everyday parameters, so they only count
// when they hit a canary.
import { posix } from 'node:path';
import { PIPELINES } from './path-decode';
import { lookup, VIRTUAL_ROOT } from './path-fs';
import { summarise, type ContextResult, type OracleResult } from './types';

export { VIRTUAL_FS, VIRTUAL_ROOT } from './path-fs';

const inside = (p: string) => p === VIRTUAL_ROOT || p.startsWith(VIRTUAL_ROOT + '/');

/** Two ways apps join: `join` keeps absolute input under the root, `resolve` lets it replace the root. */
const JOINS = [
  { name: 'join', run: (p: string) => posix.join(VIRTUAL_ROOT, p), absoluteReplacesRoot: false },
  { name: 'resolve', run: (p: string) => posix.resolve(VIRTUAL_ROOT, p.replace(/^[a-zA-Z]:(?=\/)/, '')), absoluteReplacesRoot: true },
];

/** Whether the input is absolute for `resolve` (after the drive letter is dropped), i.e. it replaces the root. */
const replacesRoot = (p: string) => p.replace(/^[a-zA-Z]:(?=\/)/, '').startsWith('/');

export async function pathOracle(payload: string): Promise<OracleResult> {
  const contexts: ContextResult[] = [];
  for (const pipe of PIPELINES) {
    const decoded = pipe.run(payload);
    for (const join of JOINS) {
      const resolved = join.run(decoded);
      const file = lookup(resolved);
      const canary = Boolean(file?.canary);
      const outside = !inside(resolved);
      // Outside the root with a relative input (or any input under `join`) can only come from
      // `..` segments climbing past the root; with an absolute input under `resolve` the root
      // was replaced, which is a property of the app's join, not of the value.
      const absolute = join.absoluteReplacesRoot && replacesRoot(decoded);
      const traversal = outside && !absolute;
      let detail = `${JSON.stringify(decoded)} → ${resolved}`;
      if (canary) detail += ' (canary file reached)';
      else if (traversal) detail += ' (.. climbs out of the root)';
      else if (outside) detail += ' (absolute path replaces the root; no canary file there, nothing read outside the app)';
      contexts.push({ name: `${pipe.name} + ${join.name}`, exploitable: canary || traversal, detail });
    }
  }
  return summarise('path:virtual-fs', contexts);
}
