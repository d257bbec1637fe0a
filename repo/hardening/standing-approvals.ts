// Standing approvals (pre-approval of hardening cycles that need an approver): grant, list,
// revoke, and pick the one a cycle may use. Four-eyes holds: a grant is never usable by a cycle
// its own granter requested, and every use is recorded on the cycle's approvals row.
import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { standingApprovals } from '../../db/schema';
import { canonicalIdentity, sameIdentity } from '../../domain/identity';

export type StandingApproval = typeof standingApprovals.$inferSelect;

export class StandingApprovalNotFoundError extends Error {
  constructor(readonly id: number) {
    super(`standing approval ${id} not found`);
    this.name = 'StandingApprovalNotFoundError';
  }
}

/** Revoking a grant that is already revoked or expired. */
export class StandingApprovalInactiveError extends Error {
  constructor(readonly id: number, why: string) {
    super(`standing approval ${id} is ${why}`);
    this.name = 'StandingApprovalInactiveError';
  }
}

export interface GrantInput {
  environment: string;
  grantedBy: string;
  reason: string;
  expiresAt: Date;
  actionDomains?: string[];
  maxBreakageRisk?: number;
}

export async function grantStandingApproval(db: Db, g: GrantInput): Promise<StandingApproval> {
  const [row] = await db
    .insert(standingApprovals)
    .values({
      environment: g.environment,
      grantedBy: canonicalIdentity(g.grantedBy),
      reason: g.reason,
      expiresAt: g.expiresAt,
      actionDomains: g.actionDomains ?? null,
      maxBreakageRisk: g.maxBreakageRisk ?? null,
    })
    .returning();
  return row;
}

/** Newest first; `active`: only unrevoked, unexpired grants. */
export async function listStandingApprovals(db: Db, opts: { environment?: string; active?: boolean; limit?: number } = {}): Promise<StandingApproval[]> {
  const where = and(
    opts.environment ? eq(standingApprovals.environment, opts.environment) : undefined,
    opts.active ? and(isNull(standingApprovals.revokedAt), gt(standingApprovals.expiresAt, new Date())) : undefined,
  );
  return db.select().from(standingApprovals).where(where).orderBy(desc(standingApprovals.id)).limit(opts.limit ?? 100);
}

/** Errors: StandingApprovalNotFoundError, StandingApprovalInactiveError (already revoked or expired). */
export async function revokeStandingApproval(db: Db, id: number, actor: string, reason: string): Promise<StandingApproval> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(standingApprovals).where(eq(standingApprovals.id, id)).limit(1).for('update');
    if (!row) throw new StandingApprovalNotFoundError(id);
    if (row.revokedAt) throw new StandingApprovalInactiveError(id, `already revoked by ${row.revokedBy}`);
    if (row.expiresAt <= new Date()) throw new StandingApprovalInactiveError(id, `expired at ${row.expiresAt.toISOString()}`);
    const [done] = await tx
      .update(standingApprovals)
      .set({ revokedAt: new Date(), revokedBy: canonicalIdentity(actor), revokeReason: reason })
      .where(eq(standingApprovals.id, id))
      .returning();
    return done;
  });
}

export interface UsableGrant {
  grant: StandingApproval | null;
  /** Grants in scope that were not usable, and why (e.g. granted by the requester). */
  notes: string[];
}

/**
 * The oldest unrevoked, unexpired grant for `environment` covering `domain` and `breakageRisk`
 * whose granter is not `requester` (compared canonically, domain/identity.ts).
 */
export async function usableStandingApproval(
  db: Db,
  c: { environment: string; requester: string; domain: string; breakageRisk: number },
): Promise<UsableGrant> {
  const rows = await db
    .select()
    .from(standingApprovals)
    .where(and(eq(standingApprovals.environment, c.environment), isNull(standingApprovals.revokedAt), gt(standingApprovals.expiresAt, new Date())))
    .orderBy(asc(standingApprovals.id));
  const notes: string[] = [];
  for (const g of rows) {
    if (g.actionDomains && !g.actionDomains.includes(c.domain)) continue;
    if (g.maxBreakageRisk !== null && c.breakageRisk > g.maxBreakageRisk) continue;
    if (sameIdentity(g.grantedBy, c.requester)) {
      notes.push(`standing approval #${g.id} not used: granted by ${g.grantedBy}, who requested this change (four-eyes)`);
      continue;
    }
    return { grant: g, notes };
  }
  return { grant: null, notes };
}
