// Overview: posture per environment over time, the seed's evaluation metrics, and what waits
// for a human (pending approvals). Polls, so new cycles appear without a reload.
import { api, call } from '../api/client';
import type { ConsoleSettings } from '../api/types';
import { usePolling } from '../hooks';
import { EvaluationCharts, PostureCharts } from './Metrics';

export function Overview(_: { settings?: ConsoleSettings }) {
  const evaluation = usePolling(() => call(api.GET('/api/v1/evaluation')), 10_000);
  const pending = usePolling(() => call(api.GET('/api/v1/approvals', { params: { query: {} } })), 5_000);
  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="waiting" className="card" style={{ marginBottom: '1rem' }}>
        <h2 id="waiting">Waiting for a human</h2>
        {pending.error && <p role="alert" className="error">{pending.error}</p>}
        {pending.data && (
          <p>
            <a href="#/approvals">
              {pending.data.length} pending approval{pending.data.length === 1 ? '' : 's'}
            </a>
            {pending.data.length > 0 && `: ${pending.data.map((p) => p.workflowId).slice(0, 3).join(', ')}${pending.data.length > 3 ? ', …' : ''}`}
          </p>
        )}
      </section>
      {evaluation.error && <p role="alert" className="error">{evaluation.error}</p>}
      {!evaluation.data && !evaluation.error && <p aria-live="polite">Loading…</p>}
      {evaluation.data && (
        <>
          <section aria-labelledby="posture" style={{ marginBottom: '1rem' }}>
            <h2 id="posture">Posture per environment (risk before and after each cycle)</h2>
            <PostureCharts posture={evaluation.data.posture} />
          </section>
          <section aria-labelledby="evaluation">
            <h2 id="evaluation">Evaluation metrics</h2>
            <EvaluationCharts e={evaluation.data} />
          </section>
        </>
      )}
    </>
  );
}
