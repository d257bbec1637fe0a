// Approvals: the inbox (GET /api/v1/approvals, polled). Approve or reject with a comment as the
// person named at the top; the API's refusal (e.g. self_approval_refused) is shown in words.
import { useState } from 'react';
import { api, call } from '../api/client';
import type { ConsoleSettings, PendingApproval } from '../api/types';
import { Guarded } from '../components/Action';
import { fixed } from '../components/Chart';
import { currentUser } from '../components/Identity';
import { usePolling } from '../hooks';
import { webUiLink } from './CycleCard';

type Outcome = { kind: 'ok' | 'error'; text: string };

function ApprovalItem({ a, settings, onDone }: { a: PendingApproval; settings?: ConsoleSettings; onDone: (text: string) => void }) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const path = decision === 'approve' ? '/api/v1/cycles/{workflowId}/approve' : '/api/v1/cycles/{workflowId}/reject';
      const body = { approver: currentUser(), ...(comment.trim() ? { comment: comment.trim() } : {}) };
      await call(api.POST(path, { params: { path: { workflowId: a.workflowId } }, body }));
      onDone(`${a.workflowId}: ${decision === 'approve' ? 'approved' : 'rejected'} by ${body.approver}.`);
    } catch (err) {
      setOutcome({ kind: 'error', text: `Refused: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  };
  const id = `comment-${a.workflowId.replace(/[^A-Za-z0-9]/g, '-')}`;
  const link = webUiLink(settings, a.workflowId);
  const action = a.action as { actionId?: string; target?: string } | null;
  const reasons = (a.policy as { approvalReasons?: string[] } | null)?.approvalReasons ?? [];
  return (
    <li className="card" data-workflow-id={a.workflowId}>
      <h2>{a.workflowId}</h2>
      <p>
        {a.environment} · requested by <strong>{a.requester}</strong> at {new Date(a.startedAt).toLocaleString()} · action{' '}
        <strong>{action?.actionId ?? '—'}</strong>
        {action?.target ? ` on ${action.target}` : ''} · risk {fixed(a.riskBefore)}
        {link && (
          <>
            {' · '}
            <a href={link} target="_blank" rel="noreferrer">Open in Temporal Web UI</a>
          </>
        )}
      </p>
      {reasons.length > 0 && <p className="muted">Why approval is needed: {reasons.join('; ')}</p>}
      {a.explanation && <p className="muted">Agent: {a.explanation}</p>}
      <label htmlFor={id}>Comment</label>
      <textarea id={id} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <div className="toolbar" style={{ marginTop: '0.5rem' }}>
        <Guarded method="POST" path="/api/v1/cycles/{workflowId}/approve" disabled={busy} onClick={() => decide('approve')}>Approve</Guarded>
        <Guarded method="POST" path="/api/v1/cycles/{workflowId}/reject" className="secondary" disabled={busy} onClick={() => decide('reject')}>Reject</Guarded>
        <span className="muted">as {currentUser()} (anyone but {a.requester})</span>
      </div>
      {outcome && <p role={outcome.kind === 'error' ? 'alert' : 'status'} className={outcome.kind}>{outcome.text}</p>}
    </li>
  );
}

export function Approvals({ settings }: { settings?: ConsoleSettings }) {
  const pending = usePolling(() => call(api.GET('/api/v1/approvals', { params: { query: {} } })), 3_000);
  const [done, setDone] = useState<string>();
  const onDone = (text: string) => {
    setDone(text);
    pending.reload();
  };
  return (
    <>
      <h1>Approvals</h1>
      {done && <p role="status" className="ok">{done}</p>}
      {pending.error && <p role="alert" className="error">{pending.error}</p>}
      {pending.data?.length === 0 && <p className="muted">Nothing is waiting for approval.</p>}
      <ol className="cycles" aria-label="Pending approvals, oldest first">
        {pending.data?.map((a) => <ApprovalItem key={a.workflowId} a={a} settings={settings} onDone={onDone} />)}
      </ol>
    </>
  );
}
