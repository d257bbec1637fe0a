// Closing sandboxes nobody will close: a process killed mid-simulation leaves a `create` with
// no `destroy`. The log is append-only and hash-chained, so an orphan is closed by appending
// an `abandoned` entry that points at its `create` (seq) and names the evidence and workflow
// it ran for; nothing is edited.
//
// An entry is an orphan once it is older than its own wall-time limit (`timeoutMs` in the
// create entry) plus SWEEP_GRACE_MS and is not running in this process: every live sandbox,
// in any process, is destroyed by its own timer before then, so the sweep never closes a
// sandbox another process is still running. Processes that run sandboxes (worker, API) sweep
// at start-up and every SWEEP_INTERVAL_MS (cli/processes.ts). Two processes sweeping at the
// same moment may both close the same orphan; the second entry is redundant, not wrong.
import type { AuditEntry, AuditLog } from './audit';
import { DEFAULT_TIMEOUT_MS } from './runner';

export const SWEEP_GRACE_MS = 60_000;
export const SWEEP_INTERVAL_MS = 5 * 60_000;
/** Entries read per sweep: the most recent ones (an orphan older than this window stays open). */
export const SWEEP_WINDOW = 10_000;

export interface SweepOptions {
  now?: () => Date;
  /** Sandbox ids running in this process (never closed, whatever their age). */
  running?: () => string[];
  window?: number;
}

/** Appends `abandoned` for every orphaned `create`; resolves with the entries appended. */
export async function sweepAbandoned(audit: AuditLog, opts: SweepOptions = {}): Promise<AuditEntry[]> {
  const now = (opts.now ?? (() => new Date()))().getTime();
  const entries = await audit.read(opts.window ?? SWEEP_WINDOW);
  const closed = new Set(entries.filter((e) => e.type === 'destroy' || e.type === 'abandoned').map((e) => e.sandboxId));
  const live = new Set(opts.running?.() ?? []);
  const appended: AuditEntry[] = [];
  for (const e of entries) {
    if (e.type !== 'create' || closed.has(e.sandboxId) || live.has(e.sandboxId)) continue;
    const limit = typeof e.detail.timeoutMs === 'number' ? e.detail.timeoutMs : DEFAULT_TIMEOUT_MS;
    const openMs = now - Date.parse(e.ts);
    if (openMs <= limit + SWEEP_GRACE_MS) continue;
    const { evidenceId = null, workflowId = null, owner = null, task = null } = e.detail;
    appended.push(
      await audit.record('abandoned', e.sandboxId, {
        createdSeq: e.seq,
        evidenceId,
        workflowId,
        owner,
        task,
        reason: `no destroy ${Math.round(openMs / 1000)} s after create (wall-time limit ${limit} ms): its process stopped mid-simulation`,
      }),
    );
  }
  return appended;
}
