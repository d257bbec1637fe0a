// Request/response schemas shared by several sub-apps. Requests are strict (unknown keys are
// rejected and named) so a typo in a field name fails loudly instead of being ignored.
import { z } from '@hono/zod-openapi';
import { DURATION_HINT, DURATION_PATTERN } from '../temporal/duration';
import { TelemetrySchema } from '../domain/hardening/twin/spec-schema';

export const EnvironmentName = z
  .string()
  .min(1)
  .max(100)
  .openapi({ example: 'sandbox', description: 'Registered environment name' });

/** The one duration syntax (temporal/duration.ts), as config's APPROVAL_TIMEOUT, so a cycle cannot be given a duration Temporal rejects. */
export const Duration = z.string().regex(DURATION_PATTERN, DURATION_HINT).openapi({ example: '30m' });

export const Mode = z.enum(['recommend', 'sandbox']).openapi({ description: 'recommend = nothing applied' });

export const Requester = z.string().trim().min(1).max(200).openapi({ example: 'alice' });

export const ProposedActionSchema = z
  .strictObject({
    actionId: z.string().min(1).openapi({ example: 'restrict_ingress' }),
    target: z.string().min(1).openapi({ example: 'web' }),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .openapi('ProposedAction');

export const Limit = z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 });

/** Every telemetry signal (the spec's own schema); requests send a partial set, the rest comes from the spec's baseline. */
export const TelemetrySignalsSchema = z.strictObject(TelemetrySchema.shape).openapi('TelemetrySignals');

export const TelemetryRowSchema = z
  .object({
    id: z.number(),
    environment: z.string(),
    ts: z.string(),
    source: z.string(),
    signals: z.record(z.string(), z.unknown()),
  })
  .openapi('TelemetryRow');

/** Loose: cycle records carry nested workflow status whose exact shape is the workflow's. */
export const AnyObject = z.record(z.string(), z.unknown());

export const WorkflowRef = z
  .object({ workflowId: z.string().openapi({ example: 'hardening-cycle:sandbox:000042' }), runId: z.string() })
  .openapi('WorkflowRef');

export const ApprovalBody = z
  .strictObject({
    approver: Requester,
    comment: z.string().max(2000).optional(),
  })
  .openapi('ApprovalInput');

export const ApprovalRecordSchema = z
  .object({
    approver: z.string(),
    comment: z.string().optional(),
    decision: z.enum(['approved', 'rejected']),
  })
  .openapi('ApprovalRecord');

/** JSON-safe copy: Dates → ISO strings, so responses match their documented schemas. */
export function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
