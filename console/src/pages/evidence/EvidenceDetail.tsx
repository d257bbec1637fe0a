// One evidence (GET /api/v1/evidence/{id}, polled while its analysis runs): the verdict beside
// its explanation, the story per attack class, the sandbox's finding per payload, the rules it
// produced, and the analyst's HTML report (GET /api/v1/evidence/{id}/report) in a sandboxed frame.
import { api, call } from '../../api/client';
import { ReadError } from '../../components/Action';
import { fixed, pct } from '../../components/Chart';
import { usePolling } from '../../hooks';
import { EvidenceReport } from './EvidenceReport';

interface View {
  evidence: { id: string; status: string; outcome: string | null; source: string; sha256: string; error: string | null };
  verdict: { verdict: string | null; confidence: number | null; anomalyScore: number | null; narrative: string | null; modelVersion: string | null; explanation: { attacks?: { attackClass?: string; location?: string; value?: string; confidence?: number }[] } | null } | null;
  story: { stage: string; outcome: string | null; ruleOutcome: string | null; simulation: { status: string; reason: string | null } | null; classes: { attackClass: string; confirmed: boolean; confirmedWhy: string; rule: { proposed: boolean; outcome: string; why: string; ruleId: number | null }; gatekeeper: { action: string; reasons: string[] } | null }[] };
  findings: { attackClass: string; verdict: string; preview: string; evidence: string[] }[];
  rules: { id: number; attackClass: string; status: string; confidence: number; fpReports: number }[];
  workflow: { workflowId: string; status: string | null };
}

export function EvidenceDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const view = usePolling(async () => (await call(api.GET('/api/v1/evidence/{id}', { params: { path: { id } } }))) as unknown as View, 5_000, [id]);
  const v = view.data;
  return (
    <section className="card detail" aria-labelledby="evidence-detail">
      <div className="toolbar">
        <h2 id="evidence-detail">Evidence {id}</h2>
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
      <ReadError error={view.error} />
      {!v && !view.error && <p aria-busy="true">Loading…</p>}
      {v && (
        <>
          <p>
            {v.evidence.source} · status <strong>{v.evidence.status}</strong>
            {v.evidence.outcome ? ` (${v.evidence.outcome})` : ''} · analysis {v.workflow.status ?? 'not found'} · stage {v.story.stage}
            {v.evidence.error ? ` · ${v.evidence.error}` : ''}
          </p>
          <h3>Verdict and explanation</h3>
          {v.verdict ? (
            <p>
              <span className={`pill ${v.verdict.verdict ?? 'none'}`}>{v.verdict.verdict ?? 'no verdict'}</span> confidence {pct(v.verdict.confidence)}, anomaly score{' '}
              {fixed(v.verdict.anomalyScore)}, model {v.verdict.modelVersion ?? '—'}. {v.verdict.narrative}
            </p>
          ) : (
            <p className="muted">No verdict yet.</p>
          )}
          {!!v.verdict?.explanation?.attacks?.length && (
            <ul>
              {v.verdict.explanation.attacks.map((a, i) => (
                <li key={i}>{a.attackClass} at <code>{a.location}</code> ({pct(a.confidence)}): <code>{a.value}</code></li>
              ))}
            </ul>
          )}
          <h3>Per attack class</h3>
          {v.story.simulation && <p className="muted">Sandbox run: {v.story.simulation.status}{v.story.simulation.reason ? ` (${v.story.simulation.reason})` : ''}; rule outcome {v.story.ruleOutcome ?? '—'}.</p>}
          {v.story.classes.length === 0 ? <p className="muted">No attack class reached the sandbox.</p> : (
            <ul>
              {v.story.classes.map((c) => (
                <li key={c.attackClass}>
                  <strong>{c.attackClass}</strong>: {c.confirmedWhy}. Rule: {c.rule.why}
                  {c.gatekeeper ? `; gatekeeper ${c.gatekeeper.action} (${c.gatekeeper.reasons.join('; ')})` : ''}
                </li>
              ))}
            </ul>
          )}
          <Findings findings={v.findings} />
          {v.rules.length > 0 && (
            <p>Rules from this evidence: {v.rules.map((r) => `#${r.id} ${r.attackClass} (${r.status}, ${r.fpReports} false-positive report(s))`).join('; ')} — see <a href="#/rules">Rules</a>.</p>
          )}
          <EvidenceReport id={id} />
        </>
      )}
    </section>
  );
}

function Findings({ findings }: { findings: View['findings'] }) {
  if (!findings.length) return <p className="muted">The sandbox simulated no payload.</p>;
  return (
    <table>
      <caption>The sandbox's findings per payload</caption>
      <thead><tr><th scope="col">Class</th><th scope="col">Verdict</th><th scope="col">Payload</th><th scope="col">Oracle evidence</th></tr></thead>
      <tbody>
        {findings.map((f, i) => (
          <tr key={i}>
            <td>{f.attackClass}</td>
            <td><span className={`pill ${f.verdict === 'exploit_possible' ? 'simulate' : 'benign'}`}>{f.verdict}</span></td>
            <td><code>{f.preview}</code></td>
            <td>{f.evidence[0] ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
