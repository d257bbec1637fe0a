// Overview: posture per environment over time, the seed's evaluation metrics, and what waits
// for a human (pending approvals, open incidents, rule reviews). Polls, so new cycles appear without a reload.
import { api, call } from '../api/client';
import type { ConsoleSettings } from '../api/types';
import { usePolling } from '../hooks';
import { EvaluationCharts, PostureCharts } from './Metrics';
import { Waiting } from './Waiting';

export function Overview(_: { settings?: ConsoleSettings }) {
  const evaluation = usePolling(() => call(api.GET('/api/v1/evaluation')), 10_000);
  return (
    <>
      <h1>Overview</h1>
      <Waiting />
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
