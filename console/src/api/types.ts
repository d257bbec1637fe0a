// Names for the generated operation types the pages use, plus the timeline entry's shape:
// /timeline documents its entries only as objects, so the console spells out the fields it
// reads (api/hardening/timeline-query.ts writes them).
import type { components, paths } from './schema';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type Evaluation = components['schemas']['Evaluation'];
export type PendingApproval = components['schemas']['PendingApproval'];
export type ConsoleSettings = components['schemas']['ConsoleSettings'];
export type IncidentRecord = components['schemas']['Incident'];
export type Environments = Json<'/api/v1/environments', 'get'>;

export interface TimelineEntry {
  workflowId: string;
  environment: string;
  ts: string;
  finishedAt: string | null;
  status: string;
  outcome: string | null;
  trigger: string | null;
  requester: string;
  mode: string | null;
  riskBefore: number | null;
  riskAfter: number | null;
  decision: {
    actionId: string | null;
    target: string | null;
    propensity: number | null;
    explored: boolean | null;
    source: string | null;
    explanation: { topFeatures?: { name?: string; feature?: string; value?: number; weight?: number; contribution?: number }[] } & Record<string, unknown> | null;
  } | null;
  policy: { allowed: boolean | null; reasons: unknown; requiresApproval: boolean | null; approvalReasons: unknown } | null;
  simulation: { pass_fail: boolean | null; predicted_impact: { breakage_risk?: number; blast_radius?: unknown } & Record<string, unknown> | null; reasons: unknown } | null;
  execution: { status: string | null; mode: string | null } | null;
  verification: { regression: boolean | null; brokenFlows: unknown; riskAfter: number | null } | null;
  reward: { value: number | null } | null;
  awaitingApproval: boolean;
  approval: { state?: string; approver?: string; comment?: string | null; reasons?: string[] } & Record<string, unknown> | null;
}
