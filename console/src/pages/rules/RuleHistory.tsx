// A rule's audit (GET /api/v1/rules/{id}: every transition, who and why) and the versions of the
// active set (GET /api/v1/rules/versions: who changed it, why, which rules it held).
import { api, call } from '../../api/client';
import { ReadError } from '../../components/Action';
import { usePolling } from '../../hooks';
import type { Rule, RuleEvent, RulesetVersion } from './types';

export function RuleHistory({ id, onClose }: { id: number; onClose: () => void }) {
  const view = usePolling(async () => (await call(api.GET('/api/v1/rules/{id}', { params: { path: { id } } }))) as unknown as { rule: Rule; events: RuleEvent[] }, 5_000, [id]);
  return (
    <section className="card block" aria-labelledby="rule-history">
      <div className="toolbar">
        <h2 id="rule-history">History of rule {id}</h2>
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
      <ReadError error={view.error} />
      {view.data && (
        <>
          <p>Status <strong>{view.data.rule.status}</strong>; provenance:</p>
          <pre className="rule">{JSON.stringify(view.data.rule.provenance, null, 2)}</pre>
          <table>
            <caption>Audit events</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Who</th><th scope="col">Why</th><th scope="col">Set version</th></tr></thead>
            <tbody>
              {view.data.events.map((e) => (
                <tr key={e.id}><td>{new Date(e.ts).toLocaleString()}</td><td>{e.type}</td><td>{e.actor}</td><td>{e.reason ?? '—'}</td><td>{e.rulesetVersion ?? '—'}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function Versions() {
  const versions = usePolling(async () => ((await call(api.GET('/api/v1/rules/versions', { params: { query: { limit: 20 } } }))) as { versions: RulesetVersion[] }).versions, 5_000);
  return (
    <section aria-labelledby="versions" className="block">
      <h2 id="versions">Versions of the active set</h2>
      <ReadError error={versions.error} />
      {versions.data?.length === 0 && <p className="muted">The active set has never changed.</p>}
      {!!versions.data?.length && (
        <table>
          <thead><tr><th scope="col">Version</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Why</th><th scope="col">Rules</th></tr></thead>
          <tbody>
            {versions.data.map((v) => (
              <tr key={v.version}><td>{v.version}</td><td>{new Date(v.ts).toLocaleString()}</td><td>{v.actor}</td><td>{v.reason ?? '—'}</td><td>{v.ruleIds.join(', ') || 'none'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
