// The form that raises an incident: environment, severity, signals and suspects (one
// `kind:id` per line, e.g. `identity:dev-alice` or `source:203.0.113.7`).
import { useState } from 'react';
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, useAction } from '../../components/Action';
import { currentUser } from '../../components/Identity';
import { usePolling } from '../../hooks';

const KINDS = ['service', 'workload', 'datastore', 'identity', 'bucket', 'pipeline', 'source'] as const;
type Kind = (typeof KINDS)[number];

/** `kind:id` lines → suspects; throws naming the first bad line. */
export function parseSuspects(text: string): { kind: Kind; id: string }[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const at = line.indexOf(':');
    const kind = line.slice(0, at) as Kind;
    if (at < 1 || !KINDS.includes(kind)) throw new Error(`suspect "${line}": write kind:id, kind one of ${KINDS.join(', ')}`);
    return { kind, id: line.slice(at + 1).trim() };
  });
}

export function OpenIncident({ onOpened }: { onOpened: () => void }) {
  const envs = usePolling(() => call(api.GET('/api/v1/environments')), 60_000);
  const [environment, setEnvironment] = useState('sandbox');
  const [severity, setSeverity] = useState('8');
  const [signals, setSignals] = useState('credential_anomaly');
  const [suspects, setSuspects] = useState('identity:dev-alice');
  const [expiresIn, setExpiresIn] = useState('24h');
  const action = useAction(() => onOpened());
  const submit = () =>
    action.run('Open incident', async () => {
      const body = {
        environment,
        severity: Number(severity),
        signals: signals.split(',').map((s) => s.trim()).filter(Boolean),
        suspects: parseSuspects(suspects),
        requester: currentUser(),
        ...(expiresIn.trim() ? { expiresIn: expiresIn.trim() } : {}),
      };
      const ref = await call(api.POST('/api/v1/incidents', { body }));
      return `Incident ${ref.incidentId} opened (${ref.workflowId}).`;
    });
  return (
    <form className="card block" aria-labelledby="open-incident" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h2 id="open-incident">Open an incident</h2>
      <div className="toolbar">
        <label>
          Environment{' '}
          <select value={environment} onChange={(e) => setEnvironment(e.target.value)}>
            {(envs.data ?? [{ name: 'sandbox' }]).map((e) => <option key={e.name} value={e.name}>{e.name}</option>)}
          </select>
        </label>
        <label>Severity (0–10) <input type="number" min={0} max={10} step={0.5} value={severity} onChange={(e) => setSeverity(e.target.value)} size={4} /></label>
        <label>Signals (comma-separated) <input value={signals} onChange={(e) => setSignals(e.target.value)} /></label>
        <label>Holds for <input value={expiresIn} onChange={(e) => setExpiresIn(e.target.value)} size={5} /></label>
      </div>
      <label htmlFor="suspects">Suspects (one kind:id per line)</label>
      <textarea id="suspects" rows={2} value={suspects} onChange={(e) => setSuspects(e.target.value)} />
      <div className="toolbar">
        <Guarded method="POST" path="/api/v1/incidents" disabled={!!action.busy} onClick={submit}>Open incident</Guarded>
      </div>
      <OutcomeLine outcome={action.outcome} />
    </form>
  );
}
