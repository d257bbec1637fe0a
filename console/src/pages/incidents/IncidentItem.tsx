// One incident: where it is, what containment holds, and the actions its stage allows.
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { IncidentRecord } from '../../api/types';
import { Guarded, OutcomeLine, useAction } from '../../components/Action';
import { fixed } from '../../components/Chart';
import { currentUser } from '../../components/Identity';
import { usePolling } from '../../hooks';
import { parseSuspects } from './OpenIncident';

/** The API's incident (generated type); `live` is declared open there, so the fields read here are named. */
export type Incident = Omit<IncidentRecord, 'live'> & {
  live: { stage?: string; severity?: number; expiresAt?: string; awaitingApproval?: boolean; steps?: { action?: { actionId?: string; target?: string }; status?: string }[]; error?: string } | null;
};

export function IncidentItem({ incident: listed, onDone }: { incident: Incident; onDone: () => void }) {
  // The list carries the stored record; a running incident's stage comes from its live status.
  const running = listed.status === 'running';
  const detail = usePolling(
    async () => (running ? ((await call(api.GET('/api/v1/incidents/{id}', { params: { path: { id: listed.workflowId } } }))) as unknown as Incident) : undefined),
    3_000,
    [listed.workflowId, running],
  );
  const i = running && detail.data ? detail.data : listed;
  const action = useAction(() => {
    onDone();
    detail.reload();
  });
  const [comment, setComment] = useState('');
  const [severity, setSeverity] = useState('');
  const [suspects, setSuspects] = useState('');
  const [expiresIn, setExpiresIn] = useState('48h');
  const path = { params: { path: { id: i.workflowId } } };
  const holding = i.status === 'running' && i.live?.stage === 'holding';
  const awaiting = i.status === 'running' && !!i.live?.awaitingApproval;
  const note = comment.trim() ? { comment: comment.trim() } : {};
  const decide = (kind: 'approve' | 'reject') =>
    action.run(kind === 'approve' ? 'Approve' : 'Reject', async () => {
      const body = { approver: currentUser(), ...note };
      await call(kind === 'approve' ? api.POST('/api/v1/incidents/{id}/approve', { ...path, body }) : api.POST('/api/v1/incidents/{id}/reject', { ...path, body }));
      return `${i.incidentId}: containment ${kind === 'approve' ? 'approved' : 'rejected'}.`;
    });
  const escalate = () =>
    action.run('Escalate', async () => {
      const body = { actor: currentUser(), ...(severity ? { severity: Number(severity) } : {}), ...(suspects.trim() ? { suspects: parseSuspects(suspects) } : {}), ...note };
      await call(api.POST('/api/v1/incidents/{id}/escalate', { ...path, body }));
      return `${i.incidentId}: escalated.`;
    });
  const extend = () =>
    action.run('Extend', async () => {
      const res = (await call(api.POST('/api/v1/incidents/{id}/extend', { ...path, body: { actor: currentUser(), expiresIn } }))) as { expiresAt?: string };
      return `${i.incidentId}: containment now holds until ${res.expiresAt ? new Date(res.expiresAt).toLocaleString() : '?'}.`;
    });
  const resolve = () =>
    action.run('Resolve', async () => {
      await call(api.POST('/api/v1/incidents/{id}/resolve', { ...path, body: { resolver: currentUser(), ...note } }));
      return `${i.incidentId}: resolved; containment is being released.`;
    });
  const k = `inc-${i.workflowId.replace(/[^A-Za-z0-9]/g, '-')}`;
  return (
    <li className="card" data-incident-id={i.incidentId}>
      <h3>{i.incidentId}</h3>
      <p>
        {i.environment} · severity <strong>{i.live?.severity ?? i.severity}</strong> · raised by {i.requester} · {i.status}
        {i.outcome ? `, ${i.outcome}` : ''}{i.live?.stage ? ` · stage ${i.live.stage}` : ''} · propagation {fixed(i.propagationBefore, 2)} → {fixed(i.propagationAfter, 2)}
        {(i.live?.expiresAt ?? i.expiresAt) && i.status === 'running' ? ` · holds until ${new Date(i.live?.expiresAt ?? i.expiresAt!).toLocaleString()}` : ''}
      </p>
      {!!i.live?.steps?.length && <p className="muted">Containment: {i.live.steps.map((s) => `${s.action?.actionId ?? '?'}@${s.action?.target ?? '?'} (${s.status ?? '?'})`).join(', ')}</p>}
      {/* The record's error (stored for a closed incident, live while it runs): the cause in words. */}
      {(i.error ?? i.live?.error) && <p className="error">{i.error ?? i.live?.error}</p>}
      {(awaiting || holding) && (
        <>
          <label htmlFor={`${k}-comment`}>Comment</label>
          <textarea id={`${k}-comment`} rows={1} value={comment} onChange={(e) => setComment(e.target.value)} />
        </>
      )}
      {awaiting && (
        <div className="toolbar">
          <Guarded method="POST" path="/api/v1/incidents/{id}/approve" disabled={!!action.busy} onClick={() => decide('approve')}>Approve containment</Guarded>
          <Guarded method="POST" path="/api/v1/incidents/{id}/reject" className="secondary" disabled={!!action.busy} onClick={() => decide('reject')}>Reject containment</Guarded>
        </div>
      )}
      {holding && (
        <div className="toolbar">
          <label>Raise severity to <input type="number" min={0} max={10} value={severity} onChange={(e) => setSeverity(e.target.value)} size={3} /></label>
          <label>More suspects <input value={suspects} onChange={(e) => setSuspects(e.target.value)} placeholder="workload:reports" /></label>
          <Guarded method="POST" path="/api/v1/incidents/{id}/escalate" className="secondary" disabled={!!action.busy} onClick={escalate}>Escalate</Guarded>
          <label>Hold for <input value={expiresIn} onChange={(e) => setExpiresIn(e.target.value)} size={5} /></label>
          <Guarded method="POST" path="/api/v1/incidents/{id}/extend" className="secondary" disabled={!!action.busy} onClick={extend}>Extend</Guarded>
          <Guarded method="POST" path="/api/v1/incidents/{id}/resolve" disabled={!!action.busy} onClick={resolve}>Resolve</Guarded>
        </div>
      )}
      <OutcomeLine outcome={action.outcome} />
    </li>
  );
}
