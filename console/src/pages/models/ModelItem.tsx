// One registered model: status (canary share), provenance, metrics, its gate report, and promotion.
import { useState } from 'react';
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, useAction } from '../../components/Action';
import { currentUser } from '../../components/Identity';
import { Canary } from './Canary';

export interface Model {
  id: string;
  kind: string;
  status: string;
  datasetVersion: number;
  datasetHash: string;
  codeVersion: string;
  metrics: Record<string, unknown>;
  gates: { gate?: string; value?: number; threshold?: number; op?: string; passed?: boolean }[];
  workflowId: string;
  createdAt: string;
  promotedAt: string | null;
  canaryPercent: number | null;
}

const num = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '—');

export function ModelItem({ model: m, onDone }: { model: Model; onDone: () => void }) {
  const [percent, setPercent] = useState('10');
  const action = useAction(() => onDone());
  const promote = (canary_percent: number) =>
    action.run('Promote', async () => {
      const res = (await call(api.POST('/api/v1/sentinel/models/promote', { body: { model_id: m.id, canary_percent, requester: currentUser() } }))) as { stage?: string };
      return canary_percent < 100 ? `${m.id}: canary promotion started at ${canary_percent} %.` : `${m.id} promoted: ${String(res.stage ?? 'production')}.`;
    });
  const promotable = m.status === 'registered' || m.status === 'canary';
  const k = `model-${m.id.replace(/[^A-Za-z0-9]/g, '-')}`;
  return (
    <li className="card" data-model-id={m.id}>
      <h3>{m.id}</h3>
      <p>
        <strong>{m.status}</strong>{m.status === 'canary' && m.canaryPercent ? ` at ${m.canaryPercent} % of traffic` : ''} · {m.kind} · dataset v{m.datasetVersion} ({m.datasetHash.slice(0, 12)}) · code {m.codeVersion.slice(0, 12)} · trained{' '}
        {new Date(m.createdAt).toLocaleString()}{m.promotedAt ? ` · promoted ${new Date(m.promotedAt).toLocaleString()}` : ''}
      </p>
      <p className="muted">precision {num(m.metrics.precision)} · recall {num(m.metrics.recall)} · F1 {num(m.metrics.f1)} · FPR {num(m.metrics.fpr)}</p>
      <table>
        <caption>Gate report</caption>
        <thead><tr><th scope="col">Gate</th><th scope="col">Value</th><th scope="col">Needs</th><th scope="col">Result</th></tr></thead>
        <tbody>
          {m.gates.map((g, i) => (
            <tr key={i}><td>{g.gate}</td><td>{num(g.value)}</td><td>{g.op} {num(g.threshold)}</td><td>{g.passed ? 'passed' : 'FAILED'}</td></tr>
          ))}
        </tbody>
      </table>
      {promotable && (
        <div className="toolbar">
          <label htmlFor={`${k}-pct`}>Canary share (%)</label>
          <input id={`${k}-pct`} type="number" min={1} max={99} value={percent} onChange={(e) => setPercent(e.target.value)} size={3} />
          <Guarded method="POST" path="/api/v1/sentinel/models/promote" className="secondary" disabled={!!action.busy} onClick={() => void promote(Number(percent))}>Promote as canary</Guarded>
          <Guarded method="POST" path="/api/v1/sentinel/models/promote" disabled={!!action.busy} onClick={() => void promote(100)}>Promote to production</Guarded>
        </div>
      )}
      <OutcomeLine outcome={action.outcome} />
      <Canary modelId={m.id} />
    </li>
  );
}
