import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { policyDecisions } from '../../db/schema';
import { blastRadius, buildPolicyInput } from '../../domain/hardening';
import type { PolicyDecision, ProposedAction } from '../../domain/hardening/types';
import type { PolicyEngine } from '../../policies/loader';
import { requireEnvironmentContext } from '../../repo/hardening/environments';

export interface PolicyGateInput {
  workflowId: string;
  environment: string;
  action: ProposedAction;
  requester: string;
  tags: Record<string, string>;
}

export function createPolicyActivities(deps: { db: Db; policy: PolicyEngine }) {
  const { db, policy } = deps;
  return {
    /** OPA gate over the compiled Rego bundle; the decision, its reasons and the bundle hash are stored. */
    async evaluatePolicy(input: PolicyGateInput): Promise<PolicyDecision> {
      const [existing] = await db.select().from(policyDecisions).where(eq(policyDecisions.workflowId, input.workflowId));
      if (existing) return toDecision(existing);
      const ctx = await requireEnvironmentContext(db, input.environment);
      const policyInput = buildPolicyInput(ctx.spec, input.action, {
        requester: input.requester,
        tags: input.tags,
        blastRadius: blastRadius(ctx.spec, ctx.controls, input.action),
      });
      const decision = policy.evaluate(policyInput);
      await db
        .insert(policyDecisions)
        .values({
          workflowId: input.workflowId,
          actionId: input.action.actionId,
          allowed: decision.allow,
          reasons: decision.deny_reasons,
          requiresApproval: decision.requires_approval,
          approvalReasons: decision.approval_reasons,
          policyVersion: decision.policy_version,
          input: policyInput,
        })
        .onConflictDoNothing();
      return decision;
    },
  };
}

function toDecision(row: typeof policyDecisions.$inferSelect): PolicyDecision {
  return {
    allow: row.allowed,
    deny_reasons: row.reasons as string[],
    requires_approval: row.requiresApproval,
    approval_reasons: row.approvalReasons as string[],
    policy_version: row.policyVersion,
  };
}

export type PolicyActivities = ReturnType<typeof createPolicyActivities>;
