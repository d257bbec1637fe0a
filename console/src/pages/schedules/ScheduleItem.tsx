// One schedule: its spec, next and recent runs; pause/unpause (with a note), trigger, delete.
import { useState } from 'react';
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, useAction } from '../../components/Action';
import { Confirm } from '../../components/Confirm';

export interface Schedule {
  id: string;
  kind: 'hardening' | 'retraining';
  environment: string | null;
  paused: boolean;
  note: string | null;
  spec: { cron: string | null; intervalSeconds: number | null };
  createdBy: string | null;
  nextActionTimes: string[];
  recentActions: { scheduledAt: string; takenAt: string; workflowId: string | null }[];
}

export function ScheduleItem({ schedule: s, onDone }: { schedule: Schedule; onDone: () => void }) {
  const action = useAction(() => onDone());
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const path = { path: { id: s.id } };
  const toggle = () =>
    action.run(s.paused ? 'Unpause' : 'Pause', async () => {
      const params = { ...path, query: note.trim() ? { note: note.trim() } : {} };
      await call(s.paused ? api.POST('/api/v1/schedules/{id}/unpause', { params }) : api.POST('/api/v1/schedules/{id}/pause', { params }));
      setNote('');
      return `${s.id} ${s.paused ? 'unpaused' : 'paused'}.`;
    });
  const trigger = () =>
    action.run('Trigger', async () => {
      await call(api.POST('/api/v1/schedules/{id}/trigger', { params: path }));
      return `${s.id} triggered: a cycle starts now.`;
    });
  const remove = () =>
    action.run('Delete', async () => {
      const res = await api.DELETE('/api/v1/schedules/{id}', { params: path });
      if (!res.response.ok) throw new Error((res.error as { message?: string } | undefined)?.message ?? `HTTP ${res.response.status}`);
      return `${s.id} deleted.`;
    });
  const spec = s.spec.cron ? `cron ${s.spec.cron}` : `every ${String(s.spec.intervalSeconds)} s`;
  const k = `sched-${s.id.replace(/[^A-Za-z0-9]/g, '-')}`;
  return (
    <li className="card" data-schedule-id={s.id}>
      <h3>{s.id}</h3>
      <p>
        {s.kind} · {spec} · <strong>{s.paused ? 'paused' : 'active'}</strong>
        {s.note ? ` (${s.note})` : ''}{s.createdBy ? ` · created by ${s.createdBy}` : ''}
      </p>
      <p className="muted">
        Next: {s.nextActionTimes.slice(0, 3).map((t) => new Date(t).toLocaleString()).join(', ') || '—'} · recent:{' '}
        {s.recentActions.map((a) => a.workflowId ?? new Date(a.takenAt).toLocaleString()).join(', ') || 'none'}
      </p>
      <div className="toolbar">
        <label htmlFor={`${k}-note`}>Note</label>
        <input id={`${k}-note`} value={note} onChange={(e) => setNote(e.target.value)} placeholder={s.paused ? 'maintenance done' : 'maintenance CHG-1234'} />
        <Guarded method="POST" path={s.paused ? '/api/v1/schedules/{id}/unpause' : '/api/v1/schedules/{id}/pause'} className="secondary" disabled={!!action.busy} onClick={toggle}>
          {s.paused ? 'Unpause' : 'Pause'}
        </Guarded>
        <Guarded method="POST" path="/api/v1/schedules/{id}/trigger" className="secondary" disabled={!!action.busy} onClick={trigger}>Trigger now</Guarded>
        <Guarded method="DELETE" path="/api/v1/schedules/{id}" className="danger" disabled={!!action.busy} onClick={() => setConfirming(true)}>Delete</Guarded>
      </div>
      {confirming && (
        <Confirm title={`Delete ${s.id}?`} confirmLabel="Delete schedule" onCancel={() => setConfirming(false)} onConfirm={() => (setConfirming(false), void remove())}>
          No further cycles start from it; running cycles continue.
        </Confirm>
      )}
      <OutcomeLine outcome={action.outcome} />
    </li>
  );
}
