// Evidence: captured attacks and their verdicts, searched by verdict, rule outcome and status
// (GET /api/v1/evidence, polled); one selected evidence opens below with its explanation, the
// sandbox's findings per payload and the HTML report.
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ReadError } from '../../components/Action';
import { fixed } from '../../components/Chart';
import { usePolling } from '../../hooks';
import { EvidenceDetail } from './EvidenceDetail';

const VERDICTS = ['simulate', 'tag', 'benign', 'none'] as const;
const RULE_OUTCOMES = [
  'none', 'no_exploit', 'sandbox_aborted', 'not_proposed', 'duplicate', 'gatekeeper_rejected', 'rule_verification_unavailable',
  'logged', 'pending_review', 'auto_applied', 'approved', 'review_rejected', 'review_expired', 'withdrawn',
] as const;
const STATUSES = ['received', 'analyzed', 'integrity_failed', 'failed', 'cancelled', 'compensation_failed'] as const;

type Verdict = (typeof VERDICTS)[number];
type RuleOutcome = (typeof RULE_OUTCOMES)[number];
type Status = (typeof STATUSES)[number];

function Pick<T extends string>({ label, value, options, onChange }: { label: string; value: T | ''; options: readonly T[]; onChange: (v: T | '') => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as T | '')}>
        <option value="">any</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
}

export function Evidence() {
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [ruleOutcome, setRuleOutcome] = useState<RuleOutcome | ''>('');
  const [status, setStatus] = useState<Status | ''>('');
  const [selected, setSelected] = useState<string>();
  const query = { limit: 100, ...(verdict ? { verdict } : {}), ...(ruleOutcome ? { ruleOutcome } : {}), ...(status ? { status } : {}) };
  const list = usePolling(() => call(api.GET('/api/v1/evidence', { params: { query } })), 5_000, [verdict, ruleOutcome, status]);
  return (
    <>
      <h1>Evidence</h1>
      <form className="toolbar" role="search" aria-label="Search evidence" onSubmit={(e) => e.preventDefault()}>
        <Pick label="Verdict" value={verdict} options={VERDICTS} onChange={setVerdict} />
        <Pick label="Rule outcome" value={ruleOutcome} options={RULE_OUTCOMES} onChange={setRuleOutcome} />
        <Pick label="Status" value={status} options={STATUSES} onChange={setStatus} />
        <span aria-live="polite" className="muted">{list.data ? `${list.data.length} match(es)` : 'searching…'}</span>
      </form>
      <ReadError error={list.error} />
      {list.data?.length === 0 && <p className="muted">No evidence matches. Evidence arrives through POST /api/v1/evidence (or the honeypot, WAF and Kafka sensors).</p>}
      {!!list.data?.length && (
        <table>
          <caption className="visually-hidden">Evidence, newest first</caption>
          <thead>
            <tr><th scope="col">Evidence</th><th scope="col">Received</th><th scope="col">Status</th><th scope="col">Verdict</th><th scope="col">Confidence</th><th scope="col">Rule outcome</th></tr>
          </thead>
          <tbody>
            {list.data.map((e) => (
              <tr key={e.id} aria-selected={e.id === selected}>
                <td>
                  <button type="button" className="link" onClick={() => setSelected(e.id)} aria-expanded={e.id === selected}>
                    {e.id}
                  </button>
                </td>
                <td>{new Date(e.receivedAt).toLocaleString()}</td>
                <td>{e.status}</td>
                <td><span className={`pill ${e.verdict ?? 'none'}`}>{e.verdict ?? '—'}</span></td>
                <td>{fixed(e.confidence, 2)}</td>
                <td>{e.ruleOutcome ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <EvidenceDetail id={selected} onClose={() => setSelected(undefined)} />}
    </>
  );
}
