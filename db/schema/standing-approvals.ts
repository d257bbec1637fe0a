import { doublePrecision, index, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Pre-approvals of hardening cycles: an approver grants, for one environment (optionally only
 * some action domains, or up to a breakage risk), a standing approval that expires and can be
 * revoked. A cycle needing approval uses the first usable one, never one granted by its own
 * requester (four-eyes), and its approvals row names the grant (approvals.standing_approval_id).
 */
export const standingApprovals = pgTable(
  'standing_approvals',
  {
    id: serial('id').primaryKey(),
    environment: text('environment').notNull(),
    grantedBy: text('granted_by').notNull(),
    reason: text('reason').notNull(),
    /** Security domains (network, iam, …) it covers; null: every domain. */
    actionDomains: jsonb('action_domains').$type<string[]>(),
    /** The highest predicted breakage risk (0..1) it covers; null: any. */
    maxBreakageRisk: doublePrecision('max_breakage_risk'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [index('standing_approvals_env_idx').on(t.environment, t.expiresAt)],
);
