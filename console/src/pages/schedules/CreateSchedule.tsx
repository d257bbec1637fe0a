// Creates an environment's hardening schedule: every N seconds, or a cron expression.
import { useState } from 'react';
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, useAction } from '../../components/Action';
import { currentUser } from '../../components/Identity';
import { usePolling } from '../../hooks';

export function CreateSchedule({ onCreated }: { onCreated: () => void }) {
  const envs = usePolling(() => call(api.GET('/api/v1/environments')), 60_000);
  const [environment, setEnvironment] = useState('sandbox');
  const [kind, setKind] = useState<'interval' | 'cron'>('interval');
  const [every, setEvery] = useState('900');
  const [cron, setCron] = useState('*/15 * * * *');
  const [paused, setPaused] = useState(false);
  const action = useAction(() => onCreated());
  const create = () =>
    action.run('Create schedule', async () => {
      const spec = kind === 'cron' ? { cron } : { intervalSeconds: Number(every) };
      const res = (await call(api.POST('/api/v1/schedules', { body: { environment, paused, requester: currentUser(), ...spec } }))) as { id?: string };
      return `Schedule ${String(res.id ?? environment)} created${paused ? ' (paused)' : ''}.`;
    });
  return (
    <form className="card block" aria-labelledby="create-schedule" onSubmit={(e) => (e.preventDefault(), void create())}>
      <h2 id="create-schedule">Create a hardening schedule</h2>
      <div className="toolbar">
        <label>
          Environment{' '}
          <select value={environment} onChange={(e) => setEnvironment(e.target.value)}>
            {(envs.data ?? [{ name: 'sandbox' }]).map((e) => <option key={e.name} value={e.name}>{e.name}</option>)}
          </select>
        </label>
        <fieldset className="inline">
          <legend>Runs</legend>
          <label><input type="radio" name="kind" checked={kind === 'interval'} onChange={() => setKind('interval')} /> every</label>{' '}
          <label><input type="radio" name="kind" checked={kind === 'cron'} onChange={() => setKind('cron')} /> on a cron</label>
        </fieldset>
        {kind === 'interval' ? (
          <label>Seconds between cycles <input type="number" min={60} value={every} onChange={(e) => setEvery(e.target.value)} size={6} /></label>
        ) : (
          <label>Cron (UTC) <input value={cron} onChange={(e) => setCron(e.target.value)} size={14} /></label>
        )}
        <label><input type="checkbox" checked={paused} onChange={(e) => setPaused(e.target.checked)} /> create paused</label>
        <Guarded method="POST" path="/api/v1/schedules" disabled={!!action.busy} onClick={create}>Create schedule</Guarded>
      </div>
      <OutcomeLine outcome={action.outcome} />
    </form>
  );
}
