import { doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const WAF_RULE_STATUSES = ['proposed', 'applied', 'rolled_back', 'rejected', 'logged'] as const;
export type WafRuleStatus = (typeof WAF_RULE_STATUSES)[number];
/** review_expired: nobody reviewed in time; the rule stays proposed (unapplied), still reviewable by hand. */
export const WAF_RULE_EVENT_TYPES = ['proposed', 'applied', 'rolled_back', 'rejected', 'fp_report', 'review_expired'] as const;
export type WafRuleEventType = (typeof WAF_RULE_EVENT_TYPES)[number];

/**
 * Generated WAF rules. The primary key is the ModSecurity rule id itself: the id is what the
 * engine reports on a deny, so a blocked request traces straight back to this row.
 */
export const wafRules = pgTable(
  'waf_rules',
  {
    id: integer('id').primaryKey(),
    attackClass: text('attack_class').notNull(),
    secRule: text('sec_rule').notNull(),
    awsWaf: jsonb('aws_waf').notNull(),
    /** Evidence ids, model version, oracle evidence, workflow: why this rule exists. */
    provenance: jsonb('provenance').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<WafRuleStatus>().notNull(),
    confidence: doublePrecision('confidence').notNull(),
    fpReports: integer('fp_reports').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('waf_rules_status_idx').on(t.status)],
);

/** Append-only audit of everything that happened to a rule, and who did it. */
export const wafRuleEvents = pgTable(
  'waf_rule_events',
  {
    id: serial('id').primaryKey(),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => wafRules.id),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').$type<WafRuleEventType>().notNull(),
    /** 'system' for automatic transitions, otherwise the analyst's name. */
    actor: text('actor').notNull(),
    reason: text('reason'),
    /** The active-set version this event produced (apply/rollback only). */
    rulesetVersion: integer('ruleset_version'),
  },
  (t) => [index('waf_rule_events_rule_idx').on(t.ruleId, t.id)],
);

/** Every change to the active rule set is a new version; rule_ids is the full set at that version. */
export const wafRulesetVersions = pgTable('waf_ruleset_versions', {
  version: serial('version').primaryKey(),
  ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor').notNull(),
  reason: text('reason'),
  ruleIds: jsonb('rule_ids').$type<number[]>().notNull(),
});
