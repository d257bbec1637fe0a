import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import type { Registry } from 'prom-client';
import { hardeningMetrics } from '../../runtime/metrics';
import { cycles, decisions, rewards, simulations, states } from '../../db/schema';
import {
  DEFAULT_AGENT_SETTINGS,
  FEATURE_NAMES,
  actionKey,
  blastRadius,
  buildPolicyInput,
  candidateActions,
  chooseAction,
  computeReward,
  getAction,
  seededRng,
  simulate,
  updateAgent,
  validateProposedAction,
} from '../../domain/hardening';
import type { RewardOutcome } from '../../domain/hardening/reward';
import type { PredictedImpact, ProposedAction, RiskState } from '../../domain/hardening/types';
import type { PolicyEngine } from '../../policies/loader';
import { agentVersionWrittenBy, loadAgent, saveAgent } from '../../repo/hardening/agent-state';
import { inFlight, recentRollbacks } from '../../repo/hardening/cycle-masks';
import { heldAssets } from '../../repo/containment/incidents';
import { requireEnvironment, requireEnvironmentContext } from '../../repo/hardening/environments';
import { permanentFailure } from '../failures';

export interface ProposeInput {
  workflowId: string;
  environment: string;
  stateId: number;
  requester: string;
  tags: Record<string, string>;
  action?: ProposedAction;
}

export interface Proposal {
  action: ProposedAction | null;
  source: 'agent' | 'operator';
  propensity: number;
  explanation: string;
}

export interface RewardInput {
  workflowId: string;
  environment: string;
  stateId: number;
  action: ProposedAction;
  /** The cycle's outcome as is; a cancelled cycle is not rewarded (see RewardOutcome). */
  outcome: RewardOutcome;
  breakageRisk: number;
  riskAfter?: number;
}

/**
 * `epsilon` and `learningRate` (default 0.2) are the configured agent settings; they apply to
 * an already-saved agent too, as a new recorded agent version (repo/hardening/agent-state.ts loadAgent).
 */
export function createAgentActivities(deps: { db: Db; policy: PolicyEngine; epsilon: number; learningRate?: number; metrics?: Registry }) {
  const { db, policy } = deps;
  const metrics = hardeningMetrics(deps.metrics);
  const settings = { epsilon: deps.epsilon, learningRate: deps.learningRate ?? DEFAULT_AGENT_SETTINGS.learningRate };

  // Takes the caller's handle: inside a transaction, a query on `db` would deadlock PGlite.
  async function loadState(q: DbOrTx, stateId: number): Promise<{ risk: RiskState; riskBefore: number }> {
    const [row] = await q.select().from(states).where(eq(states.id, stateId));
    if (!row) throw permanentFailure('InvalidInput', `unknown state ${stateId}`);
    const features = row.features as Record<string, number>;
    const vector = [1, ...FEATURE_NAMES.map((n) => features[n] ?? 0)];
    return {
      risk: { features, vector, domainRisk: row.domainRisk as RiskState['domainRisk'], totalRisk: row.riskBefore },
      riskBefore: row.riskBefore,
    };
  }

  return {
    /**
     * Scores the catalog for this state. Candidates the policy would deny or the twin would
     * refuse are masked before choosing, so exploration never proposes an unsafe change.
     */
    async proposeAction(input: ProposeInput): Promise<Proposal> {
      const [existing] = await db.select().from(decisions).where(eq(decisions.workflowId, input.workflowId));
      if (existing) return toProposal(existing);
      const ctx = await requireEnvironmentContext(db, input.environment);
      const { risk } = await loadState(db, input.stateId);
      const agent = await loadAgent(db, input.environment, settings);

      let row: typeof decisions.$inferInsert;
      // Assets an incident containment holds are off limits until it releases them.
      const held = await heldAssets(db, input.environment);
      if (input.action) {
        const problem = validateProposedAction(ctx.spec, ctx.controls, input.action) ?? held.get(input.action.target);
        if (problem) throw permanentFailure('InvalidAction', problem);
        row = {
          workflowId: input.workflowId,
          environment: input.environment,
          stateId: input.stateId,
          actionId: input.action.actionId,
          target: input.action.target,
          params: input.action.params,
          source: 'operator',
          propensity: 1,
          explored: false,
          explanation: { summary: `operator ${input.requester} chose ${actionKey(input.action)}`, topFeatures: [] },
          agentVersion: agent.version,
        };
      } else {
        const candidates = candidateActions(ctx.spec, ctx.controls);
        const masked = [
          ...(await recentRollbacks(db, input.environment)),
          ...(await inFlight(db, input.environment, input.workflowId)),
          ...candidates.flatMap((c) => (held.has(c.target) ? [{ key: actionKey(c), reason: `containment: ${held.get(c.target)}` }] : [])),
        ];
        const rolledBack = new Set(masked.map((m) => m.key));
        for (const c of candidates) {
          if (rolledBack.has(actionKey(c))) continue;
          const gate = policy.evaluate(
            buildPolicyInput(ctx.spec, c, {
              requester: input.requester,
              tags: input.tags,
              blastRadius: blastRadius(ctx.spec, ctx.controls, c),
            }),
          );
          if (!gate.allow) {
            masked.push({ key: actionKey(c), reason: `policy: ${gate.deny_reasons.join('; ')}` });
            continue;
          }
          const sim = simulate(ctx.spec, ctx.controls, c, ctx.telemetry);
          if (!sim.pass_fail) masked.push({ key: actionKey(c), reason: `twin: ${sim.reasons.join('; ')}` });
        }
        const choice = chooseAction(agent.state, risk, candidates, masked, seededRng(`agent:${input.workflowId}`));
        row = {
          workflowId: input.workflowId,
          environment: input.environment,
          stateId: input.stateId,
          actionId: choice.action?.actionId ?? null,
          target: choice.action?.target ?? null,
          params: choice.action?.params ?? null,
          source: 'agent',
          propensity: choice.propensity,
          explored: choice.explored,
          scores: choice.scores,
          masked: choice.masked,
          explanation: choice.explanation,
          agentVersion: agent.version,
        };
      }
      await db.insert(decisions).values(row).onConflictDoNothing();
      const [stored] = await db.select().from(decisions).where(eq(decisions.workflowId, input.workflowId));
      if (stored.actionId) {
        await db.update(cycles).set({ actionId: stored.actionId, target: stored.target }).where(eq(cycles.workflowId, input.workflowId));
      }
      return toProposal(stored);
    },

    /** reward = risk reduction − breakage penalty − cost; stored, then the agent learns from it (new version). */
    async rewardAndLearn(input: RewardInput): Promise<{ reward: number; riskAfter: number; agentVersion: number }> {
      let stored = false;
      const out = await db.transaction(async (tx) => {
        // Serialises learning per environment: the row lock orders concurrent cycles' updates.
        await requireEnvironment(tx, input.environment, { forUpdate: true });
        const { risk, riskBefore } = await loadState(tx, input.stateId);
        const [done] = await tx.select().from(rewards).where(eq(rewards.workflowId, input.workflowId));
        if (done) {
          const version = (await agentVersionWrittenBy(tx, input.environment, input.workflowId)) ?? 0;
          return { reward: done.rewardValue, riskAfter: (done.components as { riskAfter: number }).riskAfter, agentVersion: version };
        }
        let riskAfter = input.riskAfter ?? riskBefore;
        if (input.outcome === 'recommended') {
          const [sim] = await tx.select().from(simulations).where(eq(simulations.workflowId, input.workflowId));
          if (sim) riskAfter = (sim.predictedImpact as PredictedImpact).risk_after;
        }
        const cost = getAction(input.action.actionId)?.cost ?? 0;
        const r = computeReward({
          riskBefore,
          riskAfter,
          breakageRisk: input.breakageRisk,
          cost,
          regression: input.outcome === 'rolled_back',
          outcome: input.outcome,
        });
        await tx.insert(rewards).values({
          workflowId: input.workflowId,
          environment: input.environment,
          actionId: input.action.actionId,
          rewardValue: r.value,
          components: { ...r.components, riskBefore, riskAfter, outcome: input.outcome },
        });
        await tx.update(states).set({ riskAfter }).where(eq(states.id, input.stateId));
        const agent = await loadAgent(tx, input.environment, settings);
        const next = { version: agent.version + 1, state: updateAgent(agent.state, risk, input.action, r.value) };
        await saveAgent(tx, input.environment, next, input.workflowId);
        stored = true;
        return { reward: r.value, riskAfter, agentVersion: next.version };
      });
      // After the commit, and only for the call that stored the reward (not a retry).
      if (stored) {
        metrics.reward.observe({ environment: input.environment }, out.reward);
        metrics.lastReward.set({ environment: input.environment }, out.reward);
      }
      return out;
    },
  };
}

function toProposal(row: typeof decisions.$inferSelect): Proposal {
  const action = row.actionId
    ? { actionId: row.actionId, target: row.target ?? '', params: (row.params as Record<string, unknown>) ?? {} }
    : null;
  return {
    action,
    source: row.source as Proposal['source'],
    propensity: row.propensity ?? 0,
    explanation: (row.explanation as { summary?: string } | null)?.summary ?? '',
  };
}

export type AgentActivities = ReturnType<typeof createAgentActivities>;
