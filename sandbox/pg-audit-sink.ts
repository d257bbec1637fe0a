// The audit log's Postgres sink: one row per entry in `sandbox_audit`. Plain inserts only, so
// a duplicate seq (two writers racing for the same chain position) fails with a unique
// violation instead of overwriting history; tampering with a row is caught by verifyChain.
import { desc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { sandboxAudit } from '../db/schema';
import type { AuditEntry, AuditEventType, AuditSink } from './audit';

type Row = typeof sandboxAudit.$inferSelect;

function toEntry(r: Row): AuditEntry {
  return {
    seq: r.seq,
    ts: r.ts.toISOString(),
    type: r.type as AuditEventType,
    sandboxId: r.sandboxId,
    detail: r.detail,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export class PgAuditSink implements AuditSink {
  constructor(private readonly db: Db) {}

  async append(e: AuditEntry): Promise<void> {
    await this.db.insert(sandboxAudit).values({
      seq: e.seq,
      ts: new Date(e.ts),
      type: e.type,
      sandboxId: e.sandboxId,
      detail: e.detail,
      prevHash: e.prevHash,
      hash: e.hash,
    });
  }

  isConflict(err: unknown): boolean {
    return isUniqueViolation(err);
  }

  /** The most recent `limit` entries, oldest first (the AuditSink contract). */
  async read(limit: number): Promise<AuditEntry[]> {
    // Postgres rejects a LIMIT beyond int8; verify() asks for "everything" with MAX_SAFE_INTEGER.
    const q = this.db.select().from(sandboxAudit).orderBy(desc(sandboxAudit.seq));
    const rows = Number.isFinite(limit) && limit < 2 ** 31 ? await q.limit(Math.max(0, Math.floor(limit))) : await q;
    return rows.reverse().map(toEntry);
  }
}
