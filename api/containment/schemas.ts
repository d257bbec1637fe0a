// Request/response schemas of /api/v1/incidents, with descriptions and examples.
import { z } from '@hono/zod-openapi';
import { INCIDENT_OUTCOMES } from '../../domain/containment/incident';
import { AnyObject, Duration, EnvironmentName, Identity, Limit, Prose, Tags, Text } from '../schemas';

const WF = 'incident-containment:sandbox:inc-2026-0042';

export const IncidentIdText = Text(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit (max 100)')
  .openapi({ example: 'inc-2026-0042', description: 'The incident id (no `:`); the workflow id is `incident-containment:<environment>:<incidentId>`' });

export const IdParam = z.object({
  id: Text(300).openapi({
    param: { name: 'id', in: 'path' },
    example: WF,
    description: 'The workflow id, or the bare incident id when it is unique across environments',
  }),
});

export const SuspectSchema = z
  .strictObject({
    kind: z.enum(['service', 'workload', 'datastore', 'identity', 'bucket', 'pipeline', 'source']).openapi({
      description: 'An asset kind of the environment, or `source` for an internet address/CIDR sending the attack',
    }),
    id: Text(200).openapi({ description: 'The asset id, or the IPv4 address/CIDR of a source', example: 'dev-alice' }),
  })
  .openapi('Suspect', { example: { kind: 'identity', id: 'dev-alice' } });

export const StartIncidentBody = z
  .strictObject({
    incidentId: IncidentIdText.optional().openapi({ description: 'Idempotency key: the same id posted again answers 200 with the same workflow (default: generated)' }),
    environment: EnvironmentName,
    severity: z.number().min(0).max(10).openapi({ example: 8, description: "0–10; below the policy's containment threshold (7) nothing is applied (outcome `below_threshold`)" }),
    signals: z.array(Text(200)).max(50).default([]).openapi({ example: ['credential_anomaly', 'unusual_egress'], description: 'What raised the incident' }),
    suspects: z.array(SuspectSchema).min(1).max(20).openapi({ description: 'What the attacker holds: assets, or internet sources' }),
    requester: Identity.openapi({ description: 'Who raised the incident; may not approve its containment' }),
    tags: Tags.optional(),
    expiresIn: Duration.optional().openapi({ example: '24h', description: 'How long containment holds unless resolved first (default 24h)' }),
    approvalTimeout: Duration.optional().openapi({ example: '1h', description: 'How long to wait for an approver (default APPROVAL_TIMEOUT)' }),
  })
  .openapi('StartIncident', {
    example: {
      incidentId: 'inc-2026-0042',
      environment: 'sandbox',
      severity: 8,
      signals: ['credential_anomaly'],
      suspects: [{ kind: 'identity', id: 'dev-alice' }, { kind: 'source', id: '203.0.113.7' }],
      requester: 'alice',
      tags: { owner_approved: 'true' },
    },
  });

export const IncidentRef = z
  .object({ incidentId: z.string().openapi({ example: 'inc-2026-0042' }), workflowId: z.string().openapi({ example: WF }) })
  .openapi('IncidentRef');

export const ListQuery = z.object({
  environment: EnvironmentName.optional(),
  outcome: z.enum(INCIDENT_OUTCOMES).optional().openapi({ example: 'contained' }),
  status: z.enum(['running', 'completed']).optional(),
  limit: Limit,
});

export const IncidentView = z
  .object({
    workflowId: z.string(),
    incidentId: z.string(),
    environment: z.string(),
    severity: z.number(),
    requester: z.string(),
    status: z.string().openapi({ description: 'Stored record: running | completed' }),
    outcome: z.string().nullable().openapi({ description: '`contained` while holding; then resolved, expired, below_threshold, rejected, failed, cancelled or compensation_failed' }),
    expiresAt: z.string().nullable(),
    propagationBefore: z.number().nullable().openapi({ description: 'Threat propagation score (0–1) before containment' }),
    propagationAfter: z.number().nullable().openapi({ description: 'Threat propagation score now (holding) or at the end' }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable().openapi({
      description: 'Why containment failed, was refused or needs a human, naming the cause (e.g. "no containment action could be applied: no change ticket for prod-tier asset gateway: action block_waf_source@gateway excluded: …"); null when nothing went wrong',
    }),
    live: AnyObject.nullable().openapi({ description: "The workflow's live status (query) while it runs, else the stored summary" }),
    liveSource: z.enum(['live', 'stored']).nullable(),
  })
  .openapi('Incident');

export const ResolveBody = z
  .strictObject({ resolver: Identity, comment: Prose(2000).optional().openapi({ description: 'Why it is resolved: kept in the audit trail' }) })
  .openapi('ResolveIncident', { example: { resolver: 'carol', comment: 'attacker evicted, keys rotated' } });

export const ExtendBody = z
  .strictObject({ actor: Identity, expiresIn: Duration.openapi({ description: 'New expiry, counted from now; it must not come before the current expiry (end containment early with resolve)', example: '48h' }) })
  .openapi('ExtendIncident', { example: { actor: 'carol', expiresIn: '48h' } });

export const EscalateBody = z
  .strictObject({
    actor: Identity,
    severity: z.number().min(0).max(10).optional().openapi({ description: 'Raised severity (never lowers it)', example: 9 }),
    suspects: z.array(SuspectSchema).max(20).optional().openapi({ description: 'More suspects; their containment goes through the same gates' }),
    comment: Prose(2000).optional().openapi({ description: 'Why: kept with the escalation' }),
  })
  .refine((b) => b.severity !== undefined || (b.suspects?.length ?? 0) > 0, 'give suspects or a severity')
  .openapi('EscalateIncident', { example: { actor: 'carol', severity: 9, suspects: [{ kind: 'workload', id: 'reports' }] } });

export const UpdateAnswer = AnyObject.openapi('IncidentUpdateAnswer', { example: { expiresAt: '2026-12-01T12:00:00.000Z' } });
