// Timeline: the seed's demo page. Generate sample telemetry, run a hardening cycle, and watch
// each cycle's steps fill in (polled every 3 s).
import { useState } from 'react';
import { api, call } from '../api/client';
import type { ConsoleSettings, TimelineEntry } from '../api/types';
import { Guarded } from '../components/Action';
import { currentUser } from '../components/Identity';
import { usePolling } from '../hooks';
import { CycleCard } from './CycleCard';

type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

export function Timeline({ settings }: { settings?: ConsoleSettings }) {
  const [environment, setEnvironment] = useState('sandbox');
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const envs = usePolling(() => call(api.GET('/api/v1/environments')), 60_000);
  const timeline = usePolling(
    async () => (await call(api.GET('/api/v1/timeline', { params: { query: { limit: 50, environment } } }))) as unknown as TimelineEntry[],
    3_000,
    [environment],
  );

  const act = async (label: string, fn: () => Promise<string>) => {
    setBusy(label);
    setNotice(undefined);
    try {
      setNotice({ kind: 'ok', text: await fn() });
    } catch (err) {
      setNotice({ kind: 'error', text: `${label} failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(undefined);
      timeline.reload();
    }
  };
  const generate = () =>
    act('Generate sample telemetry', async () => {
      const row = await call(api.POST('/telemetry/sample', { body: { environment } }));
      return `Sample telemetry stored for ${environment} (row ${String((row as { id?: unknown }).id ?? '')}).`;
    });
  const run = () =>
    act('Run hardening cycle', async () => {
      const res = (await call(api.POST('/cycle/run', { body: { environment, requester: currentUser() } }))) as Record<string, unknown>;
      const id = String(res.workflowId ?? '');
      return typeof res.message === 'string' ? res.message : `Cycle ${id} finished: ${String(res.outcome ?? res.status ?? 'done')}.`;
    });

  return (
    <>
      <h1>Timeline</h1>
      <div className="toolbar">
        <label>
          Environment{' '}
          <select value={environment} onChange={(e) => setEnvironment(e.target.value)}>
            {(envs.data ?? [{ name: 'sandbox' }]).map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <Guarded method="POST" path="/telemetry/sample" className="secondary" onClick={generate} disabled={!!busy}>
          Generate sample telemetry
        </Guarded>
        <Guarded method="POST" path="/cycle/run" onClick={run} disabled={!!busy}>
          Run hardening cycle
        </Guarded>
        {busy && <span aria-live="polite">{busy}…</span>}
      </div>
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind}>
          {notice.text}
        </p>
      )}
      {timeline.error && <p role="alert" className="error">{timeline.error}</p>}
      {timeline.data?.length === 0 && <p className="muted">No cycle in {environment} yet.</p>}
      <ol className="cycles" aria-label="Cycles, newest first">
        {timeline.data?.map((e) => <CycleCard key={e.workflowId} e={e} settings={settings} />)}
      </ol>
    </>
  );
}
