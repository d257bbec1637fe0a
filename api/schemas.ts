// Request/response schemas shared by several sub-apps. Requests are strict (unknown keys are
// rejected and named) so a typo in a field name fails loudly instead of being ignored.
//
// Every name, tag, id and identity a request carries goes through `Text`/`Identity` here:
// Postgres cannot store NUL, and control characters have no place in a name, so they are
// refused with 400 naming the field instead of failing (or retrying) later in the database.
import { z } from '@hono/zod-openapi';
import { DURATION_HINT, DURATION_PATTERN } from '../temporal/duration';
import { canonicalIdentity, IDENTITY_CHARSET_DESCRIPTION, identityProblem } from '../domain/identity';
import { TelemetrySchema } from '../domain/hardening/twin/spec-schema';

/** Largest value of a Postgres `integer` (int4) column: ids in paths and bodies stop here. */
export const INT4_MAX = 2_147_483_647;

const CONTROL = /\p{Cc}/u;
// With the u flag a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Text of 1..max characters, well-formed Unicode, without control characters (NUL, C0, DEL, C1). */
export function Text(max: number, min = 1) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogates)')
    .refine((s) => !CONTROL.test(s), 'must not contain control characters (e.g. NUL)');
}

/** Free text (comments, reasons): tab and line breaks allowed, other control characters not. */
export function Prose(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogates)')
    .refine((s) => !/[^\P{Cc}\t\n\r]/u.test(s), 'must not contain control characters other than tab and line breaks');
}

/** Same rule as the spec's `name` (environment ids are lower-case slugs). */
export const EnvironmentName = Text(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"')
  .openapi({ example: 'sandbox', description: 'Registered environment name (lower-case letters, digits, `.`, `_`, `-`)' });

/** Same rule as the Evidence schema's id. */
export const EvidenceId = Text(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only, starting with a letter or digit (max 128)')
  .openapi({ example: 'hp-2026-0001' });

/** A positive id of an int4 column (rule ids, telemetry ids). Coerced: path and query values are strings. */
export const Int4Id = z.coerce
  .number()
  .int()
  .min(1)
  .max(INT4_MAX)
  .openapi({ type: 'integer', minimum: 1, maximum: INT4_MAX, example: 9536979 });

/** The one duration syntax (temporal/duration.ts), as config's APPROVAL_TIMEOUT, so a cycle cannot be given a duration Temporal rejects. */
export const Duration = z.string().regex(DURATION_PATTERN, DURATION_HINT).openapi({ example: '30m', description: `A duration: ${DURATION_HINT}` });

export const Mode = z.enum(['recommend', 'sandbox']).openapi({ description: 'recommend = nothing applied' });

/**
 * A person (requester, approver, reviewer, analyst): refused when it has control characters or
 * characters outside the documented set; otherwise passed on in canonical form (domain/identity.ts).
 */
export const Identity = z
  .string()
  .max(1000)
  .superRefine((s, ctx) => {
    const problem = identityProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(canonicalIdentity)
  .openapi({ example: 'alice', description: `An identity: ${IDENTITY_CHARSET_DESCRIPTION}` });

export const Requester = Identity;

/** Change metadata the policy reads (e.g. change_ticket, owner_approved). */
export const Tags = z
  .record(
    Text(100).regex(/^[A-Za-z0-9_.:-]+$/, 'tag keys are letters, digits, _ . : - only'),
    Text(500),
  )
  .refine((t) => Object.keys(t).length <= 50, 'at most 50 tags')
  .openapi({
    example: { change_ticket: 'CHG-1234' },
    description: 'Change metadata the policy reads (e.g. `change_ticket`, `owner_approved`): up to 50 string values',
  });

export const ProposedActionSchema = z
  .strictObject({
    actionId: Text(100).openapi({ example: 'restrict_ingress', description: 'A control id of the environment spec' }),
    target: Text(200).openapi({ example: 'web', description: 'The asset the action changes' }),
    params: z.record(Text(100), z.unknown()).default({}).openapi({ description: 'Action parameters, as the control defines them' }),
  })
  .openapi('ProposedAction');

export const Limit = z.coerce.number().int().min(1).max(500).default(50).openapi({ type: 'integer', minimum: 1, maximum: 500, example: 50 });

/** Every telemetry signal (the spec's own schema); requests send a partial set, the rest comes from the spec's baseline. */
const SIGNAL_DESCRIPTIONS: Record<keyof typeof TelemetrySchema.shape, string> = {
  exposed_ports_count: 'Ports reachable from outside (count)',
  public_ingress: 'Whether any ingress is public',
  failed_scans: 'Failed vulnerability/compliance scans (count)',
  inbound_spike: 'Inbound traffic spike, 0..1',
  privileged_pods: 'Pods running privileged (count)',
  host_network_pods: 'Pods on the host network (count)',
  host_path_mounts: 'hostPath volume mounts (count)',
  missing_resource_limits: 'Workloads without resource limits (count)',
  unused_permissions_pct: 'Granted permissions never used, percent 0..100',
  anomalous_api_calls: 'Anomalous API calls (count)',
  new_principals: 'Principals first seen in the window (count)',
  high_priv_role_usage: 'Uses of high-privilege roles (count)',
  mfa_disabled_users: 'Users without MFA (count)',
  encryption_at_rest: 'Whether storage is encrypted at rest',
  weak_tls_endpoints: 'Endpoints with weak TLS (count)',
  missing_logging: 'Resources without logging (count)',
  unsigned_artifacts: 'Unsigned build artifacts seen (count; optional, absent = 0)',
  unpinned_dependencies: 'Dependencies resolved by a floating tag (count; optional)',
  secret_scan_hits: 'Secrets found by scanners in code or build logs (count; optional)',
  attack_signatures: 'WAF attack-signature matches (count; optional)',
  bot_traffic: 'Share of traffic from bots, 0..1 (optional)',
  cross_tenant_attempts: 'Cross-tenant access attempts (count; optional)',
};

/** Every telemetry signal (the spec's own schema, each field described); requests send a partial set. */
export const TelemetrySignalsSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(TelemetrySchema.shape).map(([k, v]) => [k, v.meta({ description: SIGNAL_DESCRIPTIONS[k as keyof typeof SIGNAL_DESCRIPTIONS] })]),
    ) as typeof TelemetrySchema.shape,
  )
  .openapi('TelemetrySignals');

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
    approver: Identity,
    comment: Prose(2000).optional().openapi({ description: 'Why: kept with the decision in the cycle record', example: 'CHG-1234 reviewed' }),
  })
  .openapi('ApprovalInput', { example: { approver: 'bob', comment: 'CHG-1234 reviewed' } });

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
