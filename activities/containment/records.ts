// The incident record (incidents) and its audit trail (incident_events).
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { incidents } from '../../db/schema';
import type { IncidentInput, IncidentStatus } from '../../domain/containment/incident';
import { auditIncident } from '../../repo/containment/incidents';

export function createContainmentRecordActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Inserts the running record (once; a retry finds it) and audits the start. */
    async recordIncidentStarted(input: IncidentInput & { workflowId: string }): Promise<void> {
      await db
        .insert(incidents)
        .values({
          workflowId: input.workflowId,
          incidentId: input.incidentId,
          environment: input.environment,
          severity: input.severity,
          requester: input.requester,
          signals: input.signals,
          suspects: input.suspects,
          status: 'running',
        })
        .onConflictDoNothing();
      await auditIncident(db, input.workflowId, `${input.workflowId}:started`, 'started', input);
    },

    /** One audited step (approval, escalation, extension, resolution…); `key` makes a retry a no-op. */
    async recordIncidentEvent(input: { workflowId: string; key: string; kind: string; detail: unknown }): Promise<void> {
      await auditIncident(db, input.workflowId, input.key, input.kind, input.detail);
    },

    /** Containment holds: outcome `contained`, the expiry and the live summary on the record. */
    async recordIncidentHolding(input: { workflowId: string; key: string; status: IncidentStatus }): Promise<void> {
      const s = input.status;
      await db
        .update(incidents)
        .set({
          outcome: 'contained',
          expiresAt: s.expiresAt ? new Date(s.expiresAt) : null,
          propagationBefore: s.propagationBefore ?? null,
          propagationAfter: s.propagationNow ?? null,
          summary: s,
        })
        .where(and(eq(incidents.workflowId, input.workflowId), ne(incidents.status, 'completed')));
      await auditIncident(db, input.workflowId, input.key, 'holding', { expiresAt: s.expiresAt, propagationNow: s.propagationNow, steps: s.steps });
    },

    /** Closes the record with its outcome and final summary (rewritten by a retry). */
    async recordIncidentOutcome(input: { workflowId: string; status: IncidentStatus }): Promise<void> {
      const s = input.status;
      await db
        .update(incidents)
        .set({
          status: 'completed',
          outcome: s.outcome,
          propagationBefore: s.propagationBefore ?? null,
          propagationAfter: s.propagationNow ?? null,
          summary: s,
          finishedAt: new Date(),
        })
        .where(eq(incidents.workflowId, input.workflowId));
      await auditIncident(db, input.workflowId, `${input.workflowId}:outcome`, 'outcome', {
        outcome: s.outcome,
        compensated: s.compensated,
        compensationFailures: s.compensationFailures,
        restored: s.restored,
        error: s.error,
      });
    },
  };
}
