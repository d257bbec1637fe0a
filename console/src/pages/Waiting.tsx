// What waits for a human, on the Overview: pending approvals, open incidents and rules
// proposed for an analyst's review. Each list polls on its own, so one failing read does not
// hide the others.
import { api, call } from '../api/client';
import { usePolling } from '../hooks';

function Line({ label, ids, error, href }: { label: string; ids: string[] | undefined; error?: string; href?: string }) {
  if (error) return <li className="error">{label}: {error}</li>;
  if (!ids) return <li aria-busy="true">{label}: loading…</li>;
  const text = `${ids.length} ${label}`;
  return (
    <li>
      {href ? <a href={href}>{text}</a> : <strong>{text}</strong>}
      {ids.length > 0 && <span className="muted">: {ids.slice(0, 3).join(', ')}{ids.length > 3 ? ', …' : ''}</span>}
    </li>
  );
}

export function Waiting() {
  const approvals = usePolling(() => call(api.GET('/api/v1/approvals', { params: { query: {} } })), 5_000);
  const incidents = usePolling(() => call(api.GET('/api/v1/incidents', { params: { query: {} } })), 10_000);
  const reviews = usePolling(() => call(api.GET('/api/v1/rules', { params: { query: { status: 'proposed' } } })), 10_000);
  const open = incidents.data?.filter((i) => i.finishedAt === null);
  // The rule list is documented as an object; it holds `rules`.
  const proposed = (reviews.data as { rules?: { id?: number | string }[] } | undefined)?.rules;
  return (
    <section aria-labelledby="waiting" className="card" style={{ marginBottom: '1rem' }}>
      <h2 id="waiting">Waiting for a human</h2>
      <ul>
        <Line label="pending approval(s)" ids={approvals.data?.map((a) => a.workflowId)} error={approvals.error} href="#/approvals" />
        <Line label="open incident(s)" ids={open?.map((i) => `${i.incidentId} (${i.environment}, severity ${i.severity})`)} error={incidents.error} href="#/incidents" />
        <Line label="rule(s) awaiting review" ids={proposed?.map((r) => `rule ${String(r.id ?? '?')}`)} error={reviews.error} href="#/rules" />
      </ul>
    </section>
  );
}
