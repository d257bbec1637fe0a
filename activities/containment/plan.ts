// The plan of one containment round: severity gate (the policy's containment threshold), the
// twin's ranking, and the policy's decision on each candidate. Stored as an audit event, so a
// retried activity answers the same plan.
import type { Db } from '../../db/client';
import { blastRadius, buildPolicyInput, type EnvironmentSpec } from '../../domain/hardening';
import type { ContainmentPlan, PlannedAction, Suspect } from '../../domain/containment/incident';
import { suspectProblem } from '../../domain/containment/propagation';
import { rankContainment } from '../../domain/containment/rank';
import type { PolicyEngine } from '../../policies/loader';
import { auditIncident, auditedDetail } from '../../repo/containment/incidents';
import { requireEnvironmentContext } from '../../repo/hardening/environments';
import { permanentFailure } from '../failures';

export interface PlanInput {
  workflowId: string;
  environment: string;
  round: number;
  severity: number;
  suspects: Suspect[];
  requester: string;
  tags: Record<string, string>;
}

/** The severity rule of the policy (containment_severity), asked with a probe containment action. */
function severityGate(spec: EnvironmentSpec, policy: PolicyEngine, input: PlanInput): ContainmentPlan['gate'] {
  const target = input.suspects.find((s) => s.kind !== 'source')?.id ?? spec.assets[0].id;
  const probe = { actionId: 'isolate_segment', target, params: {} };
  const decision = policy.evaluate(
    buildPolicyInput(spec, probe, { requester: input.requester, tags: input.tags, blastRadius: 0, severity: input.severity }),
  );
  const refused = decision.deny_reasons.find((r) => r.startsWith('Rule containment_severity'));
  return refused ? { pass: false, reason: refused } : { pass: true, reason: `severity ${input.severity} passes the policy's containment threshold` };
}

/**
 * The head of a policy exclusion's reason, naming the cause a person can fix: a missing change
 * ticket on a tier that requires one reads "no change ticket for prod-tier asset ledger: action
 * tighten_egress@ledger excluded"; any other denial "<key> excluded by policy".
 */
export function policyExclusion(tier: string, target: string, key: string, denyReasons: string[]): string {
  if (denyReasons.some((r) => r.startsWith('Rule change_ticket'))) return `no change ticket for ${tier}-tier asset ${target}: action ${key} excluded`;
  return `${key} excluded by policy`;
}

export function createContainmentPlanActivities(deps: { db: Db; policy: PolicyEngine }) {
  const { db, policy } = deps;
  return {
    /**
     * Gate, rank and judge. Candidates the twin predicts would break an essential flow, that stop
     * no propagation, or that the policy denies are excluded with the reason; the rest are ranked
     * best first. `requiresApproval` when the policy asks an approver for any of them (blast radius
     * above the tier's threshold, prod tier, credential removal without owner approval).
     */
    async planContainment(input: PlanInput): Promise<ContainmentPlan> {
      const key = `${input.workflowId}:plan-${input.round}`;
      const done = await auditedDetail<ContainmentPlan>(db, key);
      if (done) return done;
      const ctx = await requireEnvironmentContext(db, input.environment);
      const problem = suspectProblem(ctx.spec, input.suspects);
      if (problem) throw permanentFailure('InvalidInput', problem.message);

      const gate = severityGate(ctx.spec, policy, input);
      const ranking = rankContainment(ctx.spec, ctx.controls, input.suspects);
      const plan: ContainmentPlan = {
        round: input.round,
        gate,
        propagationBefore: ranking.before.score,
        ranked: [],
        excluded: ranking.excluded.map((c) => ({ key: c.key, reason: c.reason })),
        requiresApproval: false,
        approvalReasons: [],
      };
      if (gate.pass) {
        for (const c of ranking.ranked) {
          const radius = blastRadius(ctx.spec, ctx.controls, c.action);
          const d = policy.evaluate(
            buildPolicyInput(ctx.spec, c.action, { requester: input.requester, tags: input.tags, blastRadius: radius, severity: input.severity }),
          );
          if (!d.allow) {
            plan.excluded.push({ key: c.key, reason: `${policyExclusion(ctx.spec.tier, c.action.target, c.key, d.deny_reasons)}: ${d.deny_reasons.join(' ')}` });
            continue;
          }
          const planned: PlannedAction = {
            action: c.action,
            key: c.key,
            ratio: c.ratio,
            stopped: c.stopped,
            blastRadius: radius,
            reason: c.reason,
            policy: { allow: d.allow, deny_reasons: d.deny_reasons, requires_approval: d.requires_approval, approval_reasons: d.approval_reasons },
          };
          plan.ranked.push(planned);
          if (d.requires_approval) {
            plan.requiresApproval = true;
            plan.approvalReasons.push(...d.approval_reasons.map((r) => `${c.key}: ${r}`));
          }
        }
      }
      await auditIncident(db, input.workflowId, key, 'plan', plan);
      return plan;
    },
  };
}
