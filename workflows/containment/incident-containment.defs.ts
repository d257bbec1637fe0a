// Messages of the incident-containment workflow, shared by the workflow, the API and tests.
// Approval reuses the hardening cycle's `approve`/`reject` Updates and their validator.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EscalateInput, ExtendInput, IncidentStatus, ResolveInput, Suspect } from '../../domain/containment/incident';
import { identityProblem } from '../../domain/identity';
import { durationMs, isDuration, DURATION_HINT } from '../../temporal/duration';
import { refuse } from '../refusals';

export { approveUpdate, rejectUpdate, checkApprover } from '../hardening/hardening-cycle.defs';
export type {
  ContainmentPlan,
  ContainmentStep,
  EscalateInput,
  ExtendInput,
  IncidentInput,
  IncidentOutcome,
  IncidentResult,
  IncidentStage,
  IncidentStatus,
  ResolveInput,
} from '../../domain/containment/incident';

export const incidentStatusQuery = defineQuery<IncidentStatus>('status');
/** Ends the hold: containment is released (rolled back in reverse) and the outcome is `resolved`. */
export const resolveUpdate = defineUpdate<{ resolvedBy: string }, [ResolveInput]>('resolve');
/** Adds containment for more suspects or a raised severity, through the same gates; answers once queued. */
export const escalateUpdate = defineUpdate<{ escalation: number }, [EscalateInput]>('escalate');
/** Moves the expiry to `expiresIn` from now; answers with the new expiry (ISO). */
export const extendUpdate = defineUpdate<{ expiresAt: string }, [ExtendInput]>('extend');

function checkActor(status: IncidentStatus, by: unknown): void {
  const problem = typeof by === 'string' ? identityProblem(by) : 'is required';
  if (problem) throw refuse('InvalidInput', `by ${problem}`);
  if (status.outcome !== 'contained' || status.stage === 'release') {
    throw refuse('NotHolding', `incident is not holding containment (stage: ${status.stage}${status.outcome ? `, outcome: ${status.outcome}` : ''})`);
  }
}

export function checkResolve(status: IncidentStatus, input: ResolveInput): void {
  checkActor(status, input?.by);
}

export function checkExtend(status: IncidentStatus, input: ExtendInput): void {
  checkActor(status, input?.by);
  if (!isDuration(input.expiresIn)) throw refuse('InvalidInput', `expiresIn ${DURATION_HINT}`);
  // An analyst who types "extend 12h" on a hold with 20 h left means more time, never less;
  // ending containment early is `resolve`'s job, which records who decided and why.
  const current = status.expiresAt ? Date.parse(status.expiresAt) : NaN;
  if (Date.now() + durationMs(input.expiresIn) < current) {
    throw refuse('InvalidInput', `extend never shortens the hold: it already lasts until ${status.expiresAt}; expiresIn counts from now, so ask for more, or resolve the incident to end containment`);
  }
}

const SUSPECT_KINDS = ['service', 'workload', 'datastore', 'identity', 'bucket', 'pipeline', 'source'];

export function checkEscalate(status: IncidentStatus, input: EscalateInput): void {
  checkActor(status, input?.by);
  const suspects: Suspect[] = input.suspects ?? [];
  if (input.severity === undefined && suspects.length === 0) throw refuse('InvalidInput', 'escalate needs suspects or a raised severity');
  if (input.severity !== undefined && !(typeof input.severity === 'number' && input.severity >= 0 && input.severity <= 10)) {
    throw refuse('InvalidInput', 'severity must be a number from 0 to 10');
  }
  for (const [i, s] of suspects.entries()) {
    if (!s || !SUSPECT_KINDS.includes(s.kind) || typeof s.id !== 'string' || !s.id) throw refuse('InvalidInput', `suspects[${i}] must be {kind, id}`);
  }
}
