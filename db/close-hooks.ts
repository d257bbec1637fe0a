// Work that must reach a database before its handle closes: the model server's last statistics
// flush (runtime/serving/model-server.ts) registers here, so whoever closes the handle (a
// process's shutdown, a test's afterAll) flushes first without knowing every writer.
import type { Db } from './client';

const hooks = new WeakMap<object, Set<() => Promise<void>>>();

/**
 * Registers `fn` to run (and be awaited) when `db`'s handle closes, before the client ends.
 * Returns the unregister function (call it when the writer closes on its own first).
 */
export function beforeDbClose(db: Db, fn: () => Promise<void>): () => void {
  let set = hooks.get(db);
  if (!set) hooks.set(db, (set = new Set()));
  set.add(fn);
  return () => void set.delete(fn);
}

/**
 * Runs every hook registered for `db`, concurrently, and resolves once all settled: a failing
 * hook (its database went away first) must not keep the handle open. `onError` sees each failure.
 */
export async function runBeforeDbClose(db: Db, onError: (err: unknown) => void): Promise<void> {
  const set = hooks.get(db);
  if (!set?.size) return;
  const fns = [...set];
  set.clear();
  for (const r of await Promise.allSettled(fns.map((fn) => fn()))) if (r.status === 'rejected') onError(r.reason);
}
