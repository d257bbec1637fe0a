// A model's canary promotion (GET /api/v1/sentinel/models/{id}/promotion, polled): its stages with
// the current one marked, the split, the analyses' tally, a hold and the outcome; hold, resume and
// abort (abort behind a confirmation: 100 % back to production, the candidate rolled back); and
// the reports it wrote (gates, stages, rollback), each shown in a frame that runs no script.
import { useState } from 'react';
import { api, call, describeProblem } from '../../api/client';
import { Guarded, OutcomeLine, useAction } from '../../components/Action';
import { Confirm } from '../../components/Confirm';
import { currentUser } from '../../components/Identity';
import { usePolling } from '../../hooks';

interface Promotion {
  workflowId: string;
  running: boolean;
  status: {
    phase: string;
    stages: number[];
    stageIndex: number;
    percent: number;
    tally: { passed: number; failed: number; inconclusive: number };
    hold: { by: string; reason: string } | null;
    outcome: string | null;
    reasons: string[];
    reportIds: number[];
  };
}

export function Canary({ modelId }: { modelId: string }) {
  const promotion = usePolling(async () => {
    const res = await api.GET('/api/v1/sentinel/models/{id}/promotion', { params: { path: { id: modelId } } });
    if (res.response.status === 404) return null; // never promoted through a canary
    if (!res.data) throw new Error(describeProblem(res.error, res.response.status));
    return res.data as unknown as Promotion;
  }, 5_000, [modelId]);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [report, setReport] = useState<{ id: number; html: string }>();
  const action = useAction(() => promotion.reload());
  const p = promotion.data;
  if (promotion.error) return <p role="alert" className="error">Canary: {promotion.error}</p>;
  if (!p) return null;
  const path = { params: { path: { id: modelId } }, body: { actor: currentUser(), ...(reason.trim() ? { reason: reason.trim() } : {}) } };
  const operate = (kind: 'hold' | 'resume' | 'abort') =>
    action.run(kind[0].toUpperCase() + kind.slice(1), async () => {
      if (kind === 'hold') await call(api.POST('/api/v1/sentinel/models/{id}/promotion/hold', path));
      else if (kind === 'resume') await call(api.POST('/api/v1/sentinel/models/{id}/promotion/resume', path));
      else await call(api.POST('/api/v1/sentinel/models/{id}/promotion/abort', path));
      return `Canary of ${modelId}: ${kind === 'abort' ? 'aborted; production takes all traffic back' : kind === 'hold' ? 'held at its stage' : 'resumed'}.`;
    });
  const showReport = async (id: number) => {
    const res = (await api.GET('/api/v1/sentinel/models/{id}/reports/{reportId}', { params: { path: { id: modelId, reportId: id }, query: { format: 'html' } }, parseAs: 'text' })) as { data?: string; error?: unknown; response: Response };
    if (!res.response.ok || res.data === undefined) return action.run('Report', () => Promise.reject(new Error(describeProblem(res.error, res.response.status))));
    setReport({ id, html: res.data });
  };
  const s = p.status;
  const k = `canary-${modelId.replace(/[^A-Za-z0-9]/g, '-')}`;
  return (
    <div className="canary" aria-label={`Canary promotion of ${modelId}`} role="group">
      <h4>Canary promotion: {s.phase}{s.outcome ? ` (${s.outcome})` : ''}</h4>
      <ol className="stages" aria-label="Canary stages">
        {s.stages.map((pct, i) => (
          <li key={i} aria-current={i === s.stageIndex ? 'step' : undefined} className={i < s.stageIndex ? 'pass' : i === s.stageIndex ? 'wait' : ''}>{pct} %</li>
        ))}
      </ol>
      <p className="muted">
        Candidate at {s.percent} % · analyses passed {s.tally.passed}, failed {s.tally.failed}, inconclusive {s.tally.inconclusive}
        {s.hold ? ` · held by ${s.hold.by}: ${s.hold.reason}` : ''}{s.reasons.length ? ` · ${s.reasons.join('; ')}` : ''}
      </p>
      {p.running && (
        <div className="toolbar">
          <label htmlFor={`${k}-reason`}>Reason</label>
          <input id={`${k}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          {s.hold ? (
            <Guarded method="POST" path="/api/v1/sentinel/models/{id}/promotion/resume" className="secondary" disabled={!!action.busy} onClick={() => void operate('resume')}>Resume</Guarded>
          ) : (
            <Guarded method="POST" path="/api/v1/sentinel/models/{id}/promotion/hold" className="secondary" disabled={!!action.busy} onClick={() => void operate('hold')}>Hold</Guarded>
          )}
          <Guarded method="POST" path="/api/v1/sentinel/models/{id}/promotion/abort" className="danger" disabled={!!action.busy} onClick={() => setConfirming(true)}>Abort canary</Guarded>
        </div>
      )}
      {confirming && (
        <Confirm title={`Abort the canary of ${modelId}?`} confirmLabel="Abort canary" onCancel={() => setConfirming(false)} onConfirm={() => (setConfirming(false), void operate('abort'))}>
          Production takes all traffic back and the candidate is rolled back.
        </Confirm>
      )}
      {s.reportIds.length > 0 && (
        <p>
          Reports:{' '}
          {s.reportIds.map((id) => <button key={id} type="button" className="link" onClick={() => void showReport(id)}>report {id}</button>)}
        </p>
      )}
      {report && <iframe title={`Report ${report.id} of ${modelId}`} sandbox="" srcDoc={report.html} className="report" />}
      <OutcomeLine outcome={action.outcome} />
    </div>
  );
}
