// One rule in the review queue. Approve or reject answers the analysis that holds it
// (POST /api/v1/evidence/{id}/review with the rule id); a rule whose analysis no longer waits
// (its review expired) can still be applied by hand (POST /api/v1/rules/{id}/apply).
import { useState } from 'react';
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, useAction, type Outcome } from '../../components/Action';
import { currentUser } from '../../components/Identity';
import { useActor } from '../../auth/access';
import { Provenance } from './Rules';
import type { Rule } from './types';

export function ReviewItem({ rule, onDone, onHistory }: { rule: Rule; onDone: (o: Outcome) => void; onHistory: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction(onDone);
  const actor = useActor(currentUser());
  const evidenceId = rule.provenance.evidenceIds?.[0];
  const review = (decision: 'approve' | 'reject') =>
    action.run(decision === 'approve' ? 'Approve' : 'Reject', async () => {
      if (!evidenceId) throw new Error('the rule names no evidence to review it through');
      const body = { reviewer: currentUser(), decision, ruleId: rule.id, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      await call(api.POST('/api/v1/evidence/{id}/review', { params: { path: { id: evidenceId } }, body }));
      return `Rule ${rule.id} ${decision === 'approve' ? 'approved and applied' : 'rejected'} by ${actor}.`;
    });
  const apply = () =>
    action.run('Apply', async () => {
      const res = (await call(api.POST('/api/v1/rules/{id}/apply', { params: { path: { id: rule.id } }, body: { actor: currentUser(), ...(reason.trim() ? { reason: reason.trim() } : {}) } }))) as { rulesetVersion?: number };
      return `Rule ${rule.id} applied by ${actor}: active set version ${String(res.rulesetVersion ?? '?')}.`;
    });
  const id = `review-reason-${rule.id}`;
  return (
    <li className="card" data-rule-id={rule.id}>
      <h3>Rule {rule.id}: {rule.attackClass}</h3>
      <Provenance rule={rule} />
      <pre className="rule">{rule.secRule}</pre>
      <label htmlFor={id}>Reason</label>
      <textarea id={id} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="toolbar">
        <Guarded method="POST" path="/api/v1/evidence/{id}/review" disabled={!!action.busy} onClick={() => review('approve')}>Approve</Guarded>
        <Guarded method="POST" path="/api/v1/evidence/{id}/review" className="secondary" disabled={!!action.busy} onClick={() => review('reject')}>Reject</Guarded>
        <Guarded method="POST" path="/api/v1/rules/{id}/apply" className="secondary" disabled={!!action.busy} onClick={apply}>Apply by hand</Guarded>
        <button type="button" className="secondary" onClick={onHistory}>History</button>
        <span className="muted">as {actor}</span>
      </div>
      <OutcomeLine outcome={action.outcome} errorsOnly />
    </li>
  );
}
