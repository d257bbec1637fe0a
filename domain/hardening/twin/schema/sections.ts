// The spec's sections for the seed's use cases beyond the asset graph: exception
// lists (UC2), WAF caps and partner routes (UC4), incident response (UC5), the
// compliance baseline (UC6), risk budgets per tier (UC8), tenancy (UC9),
// recommend-only mode (UC10), the desired state drift is measured against, and
// the facts only the real environment holds. Every section is optional, so the
// specs written before it still parse.
import { z } from 'zod';
import { AssetControlsSchema } from '../controls-schema';
import { MAX_WAF_STRICTNESS } from './constants';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');
const unit = z.number().min(0).max(1);
const strictness = z.number().int().min(0).max(MAX_WAF_STRICTNESS);
export const TIERS = ['sandbox', 'stage', 'prod'] as const;
export const DOMAINS = ['network', 'workload', 'iam', 'compliance', 'supply_chain', 'waf'] as const;

/** Controls a compliance baseline can require; the policy denies any change that weakens one. */
export const BASELINE_CONTROLS = [
  'encryption_at_rest', 'tls12', 'audit_logging', 'mfa', 'signed_artifacts', 'secret_scanning', 'pod_security_restricted',
] as const;

export const ExceptionSchema = z.strictObject({
  asset: id.meta({ description: 'Asset id (a system component such as a CNI agent) that hardening must leave as is' }),
  reason: z.string().min(1),
  actions: z.array(id).optional().meta({ description: 'Catalog action ids it is exempt from; absent = every action' }),
});

export const RiskBudgetSchema = z.strictObject({
  maxBreakageRisk: unit.meta({ description: 'Largest predicted breakage risk a change may carry in this tier' }),
  maxBlastRadius: z.number().int().positive().optional(),
  maxChangesPerDay: z.number().int().positive().optional(),
  allowedDomains: z.array(z.enum(DOMAINS)).optional().meta({ description: 'Domains the agent may act in (absent = all)' }),
});

export const PartnerRouteSchema = z.strictObject({
  id,
  service: id,
  path: z.string().regex(/^\//, 'must start with "/"'),
  partner: z.string().min(1),
});

export const WafSectionSchema = z.strictObject({
  maxStrictness: z.strictObject({ sandbox: strictness.optional(), stage: strictness.optional(), prod: strictness.optional() }).optional(),
  partnerRoutes: z.array(PartnerRouteSchema).default([]),
});

export const IncidentResponseSchema = z.strictObject({
  severityThreshold: z.number().min(0).max(10).meta({ description: 'Containment only at or above this incident severity (0-10)' }),
  approvalBlastRadius: z.number().int().min(0).optional().meta({ description: 'Containment touching more assets needs an approver' }),
  essentialFlows: z.array(id).default([]).meta({ description: 'Critical flow ids containment must keep working' }),
  maxContainmentHours: z.number().positive().optional(),
  auditLogging: z.literal(true).default(true).meta({ description: 'Always true: audit logging cannot be switched off' }),
});

export const ComplianceSchema = z.strictObject({
  baseline: z.array(z.enum(BASELINE_CONTROLS)).min(1).meta({ description: 'Must-have controls no change may weaken' }),
  frameworks: z.array(z.string().min(1)).optional(),
});

export const TenancySchema = z.strictObject({
  tenants: z.array(z.strictObject({ id, isolation: z.enum(['strict', 'shared']).default('strict') })).min(1),
  sharedAssets: z.array(id).default([]).meta({ description: 'Platform assets every tenant may use' }),
});

export const IamSectionSchema = z.strictObject({
  requireOwnerTag: z.boolean().default(false).meta({ description: 'Every identity must name its owner (asset `owner`)' }),
});

/** What the real environment holds and the twin does not know (sandbox only): predictions can be wrong. */
export const EnvironmentFactsSchema = z.strictObject({
  flakyDependencies: z
    .array(z.strictObject({
      from: id,
      to: id,
      breaksWhen: z.array(id).min(1).meta({ description: 'Catalog action ids whose effect on `to` makes this dependency fail' }),
      description: z.string().optional(),
    }))
    .default([]),
});

export const SloFlowSchema = z.strictObject({
  latencyMs: z.number().positive().optional(),
  availability: z.number().gt(0).max(1).optional(),
});

export const SECTION_SHAPE = {
  recommendOnly: z.boolean().default(false).meta({ description: 'Recommend-only mode: cycles propose, gate and simulate, never apply' }),
  exceptions: z.array(ExceptionSchema).default([]),
  riskBudgets: z.strictObject({ sandbox: RiskBudgetSchema.optional(), stage: RiskBudgetSchema.optional(), prod: RiskBudgetSchema.optional() }).optional(),
  waf: WafSectionSchema.optional(),
  incidentResponse: IncidentResponseSchema.optional(),
  compliance: ComplianceSchema.optional(),
  tenancy: TenancySchema.optional(),
  iam: IamSectionSchema.optional(),
  desiredState: z.record(id, AssetControlsSchema).optional().meta({ description: 'Controls each asset should have; drift is measured against them' }),
  environmentFacts: EnvironmentFactsSchema.optional(),
};
