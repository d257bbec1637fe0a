// One applied rule: its provenance, a false-positive report (with the blocked value, which
// becomes a benign training sample) and rollback with a reason.
import { useState } from 'react';
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, useAction, type Outcome } from '../../components/Action';
import { currentUser } from '../../components/Identity';
import { useActor } from '../../auth/access';
import { Provenance } from './Rules';
import type { Rule } from './types';

export function ActiveRule({ rule, onDone, onHistory }: { rule: Rule; onDone: (o: Outcome) => void; onHistory: () => void }) {
  const [reason, setReason] = useState('');
  const [detail, setDetail] = useState('');
  const [payload, setPayload] = useState('');
  const action = useAction(onDone);
  const actor = useActor(currentUser());
  const rollback = () =>
    action.run('Rollback', async () => {
      const res = (await call(api.POST('/api/v1/rules/{id}/rollback', { params: { path: { id: rule.id } }, body: { actor: currentUser(), reason } }))) as { rulesetVersion?: number };
      return `Rule ${rule.id} rolled back by ${actor}: active set version ${String(res.rulesetVersion ?? '?')}.`;
    });
  const report = () =>
    action.run('False-positive report', async () => {
      const body = { reporter: currentUser(), detail, ...(payload ? { payload } : {}) };
      const res = (await call(api.POST('/api/v1/rules/{id}/false-positive', { params: { path: { id: rule.id } }, body }))) as { fpReports?: number; rolledBack?: boolean; threshold?: number };
      setDetail('');
      setPayload('');
      return `False positive recorded on rule ${rule.id} (${String(res.fpReports ?? '?')} of ${String(res.threshold ?? '?')})${res.rolledBack ? '; the rule was rolled back' : ''}.`;
    });
  const k = `rule-${rule.id}`;
  return (
    <li className="card" data-rule-id={rule.id}>
      <h3>Rule {rule.id}: {rule.attackClass}</h3>
      <Provenance rule={rule} />
      <details>
        <summary>SecRule</summary>
        <pre className="rule">{rule.secRule}</pre>
      </details>
      <div className="grid">
        <form onSubmit={(e) => (e.preventDefault(), void report())} aria-label={`Report a false positive on rule ${rule.id}`}>
          <label htmlFor={`${k}-detail`}>False positive: what was blocked</label>
          <textarea id={`${k}-detail`} rows={2} required value={detail} onChange={(e) => setDetail(e.target.value)} />
          <label htmlFor={`${k}-payload`}>The legitimate value (optional, kept as a benign sample)</label>
          <input id={`${k}-payload`} value={payload} onChange={(e) => setPayload(e.target.value)} />
          <div className="toolbar">
            <button type="submit" className="secondary" disabled={!!action.busy || !detail.trim()}>Report false positive</button>
          </div>
        </form>
        <div>
          <label htmlFor={`${k}-reason`}>Rollback reason</label>
          <textarea id={`${k}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="toolbar">
            <Guarded method="POST" path="/api/v1/rules/{id}/rollback" disabled={!!action.busy || !reason.trim()} onClick={rollback}>Roll back</Guarded>
            <button type="button" className="secondary" onClick={onHistory}>History</button>
          </div>
        </div>
      </div>
      <OutcomeLine outcome={action.outcome} errorsOnly />
    </li>
  );
}
