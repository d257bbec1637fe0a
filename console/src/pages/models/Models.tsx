// Models: the registry (GET /api/v1/sentinel/models: status, provenance, metrics and each gate),
// promotion (POST /models/promote: production at 100 %, a canary below), the retraining runs with
// their outcome, a button that starts a gated retraining, and per model its canary promotion
// (stages, hold/resume, abort, reports: Canary.tsx).
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, ReadError, useAction } from '../../components/Action';
import { currentUser } from '../../components/Identity';
import { usePolling } from '../../hooks';
import { ModelItem, type Model } from './ModelItem';

interface Run {
  id: number;
  workflowId: string;
  trigger: string;
  requester: string;
  outcome: string;
  modelId: string | null;
  reasons: string[];
  startedAt: string;
  finishedAt: string | null;
}

export function Models() {
  const models = usePolling(async () => ((await call(api.GET('/api/v1/sentinel/models', { params: { query: { limit: 50 } } }))) as { models: Model[] }).models, 10_000);
  const runs = usePolling(async () => ((await call(api.GET('/api/v1/sentinel/train/runs', { params: { query: { limit: 10 } } }))) as { runs: Run[] }).runs, 5_000);
  const train = useAction(() => runs.reload());
  const start = () =>
    train.run('Retrain', async () => {
      const res = (await call(api.POST('/api/v1/sentinel/train/payload-classifier', { body: { requester: currentUser() } }))) as { workflowId?: string };
      return `Gated retraining queued: ${String(res.workflowId ?? '')}.`;
    });
  return (
    <>
      <h1>Models</h1>
      <section aria-labelledby="registry" className="block">
        <h2 id="registry">Registry</h2>
        <ReadError error={models.error} />
        {models.data?.length === 0 && <p className="muted">No model is registered yet: the committed classifier serves. A retraining registers a model once it passes its gates.</p>}
        <ol className="cycles" aria-label="Registered models, newest first">
          {models.data?.map((m) => <ModelItem key={m.id} model={m} onDone={models.reload} />)}
        </ol>
      </section>
      <section aria-labelledby="runs" className="block">
        <h2 id="runs">Retraining runs</h2>
        <div className="toolbar">
          <Guarded method="POST" path="/api/v1/sentinel/train/payload-classifier" disabled={!!train.busy} onClick={start}>Start a gated retraining</Guarded>
        </div>
        <OutcomeLine outcome={train.outcome} />
        <ReadError error={runs.error} />
        {runs.data?.length === 0 && <p className="muted">No retraining has run.</p>}
        {!!runs.data?.length && (
          <table>
            <thead><tr><th scope="col">Started</th><th scope="col">By</th><th scope="col">Outcome</th><th scope="col">Model</th><th scope="col">Why</th></tr></thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id}>
                  <td>{new Date(r.startedAt).toLocaleString()}</td>
                  <td>{r.requester} ({r.trigger})</td>
                  <td>{r.outcome}</td>
                  <td>{r.modelId ?? '—'}</td>
                  <td>{r.reasons.join('; ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
