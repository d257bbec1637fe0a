// Reading one incident (record + live query) and sending it Updates, for api/containment/incidents.ts.
import { createRoute } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { desc, eq } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import {
  approveUpdate,
  escalateUpdate,
  extendUpdate,
  incidentStatusQuery,
  rejectUpdate,
  resolveUpdate,
  type IncidentStatus,
} from '../../workflows/containment/incident-containment.defs';
import { ApiError, notFoundError } from '../errors';
import { apiRoute } from '../router';
import type { ApiServices } from '../services';
import { EscalateBody, ExtendBody, IdParam, ResolveBody, UpdateAnswer } from './schemas';

const DEADLINE_MS = 5000;
type Row = typeof incidents.$inferSelect;

/** True when Temporal knows this workflow id (running or closed within retention). */
export async function workflowExists(s: ApiServices, workflowId: string): Promise<boolean> {
  try {
    await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => s.temporal.workflow.getHandle(workflowId).describe());
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** The record of `id`: a workflow id, or a bare incident id unique across environments. */
async function findRow(s: ApiServices, id: string): Promise<Row | undefined> {
  if (id.includes(':')) return (await s.db.select().from(incidents).where(eq(incidents.workflowId, id)).limit(1))[0];
  const rows = await s.db.select().from(incidents).where(eq(incidents.incidentId, id)).orderBy(desc(incidents.startedAt)).limit(2);
  if (rows.length > 1) throw new ApiError('invalid_request', `incident id "${id}" exists in several environments; use the workflow id`);
  return rows[0];
}

async function requireWorkflowId(s: ApiServices, id: string): Promise<string> {
  const row = await findRow(s, id);
  if (row) return row.workflowId;
  if (id.startsWith('incident-containment:') && (await workflowExists(s, id))) return id; // started, record not written yet
  throw notFoundError('incident', id);
}

export function incidentRow(r: Row, live: IncidentStatus | null, source: 'live' | 'stored' | null) {
  return {
    workflowId: r.workflowId,
    incidentId: r.incidentId,
    environment: r.environment,
    severity: r.severity,
    requester: r.requester,
    status: r.status,
    outcome: r.outcome,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    propagationBefore: r.propagationBefore,
    propagationAfter: r.propagationAfter,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: live?.error ?? (r.summary as IncidentStatus | null)?.error ?? null,
    live: live as unknown as Record<string, unknown> | null,
    liveSource: source,
  };
}

/** The record plus the live status (query) while running, else the stored summary. */
export async function describeIncident(s: ApiServices, id: string) {
  const workflowId = await requireWorkflowId(s, id);
  const row = await findRow(s, workflowId);
  let live: IncidentStatus | null = null;
  try {
    live = await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => s.temporal.workflow.getHandle(workflowId).query(incidentStatusQuery));
  } catch {
    live = null; // closed, or the worker is slow: the stored summary stands in
  }
  if (!row) throw notFoundError('incident', id);
  if (row.status === 'completed' || !live) return incidentRow(row, (row.summary as IncidentStatus | null) ?? null, row.summary ? 'stored' : null);
  return incidentRow(row, live, 'live');
}

const UPDATES = { approve: approveUpdate, reject: rejectUpdate, resolve: resolveUpdate, escalate: escalateUpdate, extend: extendUpdate } as const;

/** Executes one Update; a closed incident is a 409 (not holding / not awaiting approval), never a 404. */
export async function sendUpdate(s: ApiServices, id: string, kind: keyof typeof UPDATES, input: unknown): Promise<Record<string, unknown>> {
  const workflowId = await requireWorkflowId(s, id);
  try {
    return (await s.temporal.workflow.getHandle(workflowId).executeUpdate(UPDATES[kind] as never, { args: [input] as never })) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      const code = kind === 'approve' || kind === 'reject' ? 'not_awaiting_approval' : 'not_holding';
      throw new ApiError(code, `incident ${workflowId} has closed`);
    }
    throw err;
  }
}

function updateRoute(kind: 'resolve' | 'escalate' | 'extend', summary: string, schema: typeof ResolveBody | typeof ExtendBody | typeof EscalateBody) {
  return apiRoute(createRoute({
    method: 'post',
    path: `/{id}/${kind}`,
    tags: ['incidents'],
    summary,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema } } } },
    responses: { 200: { description: 'The workflow accepted the update', content: { 'application/json': { schema: UpdateAnswer } } } },
  }), 'incident_not_found', 'not_holding', 'temporal_unavailable', 'temporal_error');
}

export const UPDATE_ROUTES = [
  {
    kind: 'resolve' as const,
    route: updateRoute('resolve', 'Resolve: containment is released in reverse order and the essential flows verified restored', ResolveBody),
    toInput: (b: { resolver: string; comment?: string }) => ({ by: b.resolver, comment: b.comment }),
  },
  {
    kind: 'escalate' as const,
    route: updateRoute('escalate', 'Escalate while holding: more suspects or a raised severity, contained through the same gates (answers once queued)', EscalateBody),
    toInput: (b: { actor: string; severity?: number; suspects?: unknown[]; comment?: string }) => ({ by: b.actor, severity: b.severity, suspects: b.suspects, comment: b.comment }),
  },
  {
    kind: 'extend' as const,
    route: updateRoute('extend', 'Move the expiry of the hold to `expiresIn` from now', ExtendBody),
    toInput: (b: { actor: string; expiresIn: string }) => ({ by: b.actor, expiresIn: b.expiresIn }),
  },
];
