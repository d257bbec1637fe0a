// Schedules: the hardening schedules per environment and the daily retraining schedule
// (GET /api/v1/schedules, polled), a form that creates one (cron or interval), and per schedule
// pause/unpause with a note, trigger now and delete (behind a confirmation).
import { api, call } from '../../api/client';
import { ReadError } from '../../components/Action';
import { usePolling } from '../../hooks';
import { CreateSchedule } from './CreateSchedule';
import { ScheduleItem, type Schedule } from './ScheduleItem';

export function Schedules() {
  const list = usePolling(async () => (await call(api.GET('/api/v1/schedules'))) as unknown as Schedule[], 5_000);
  return (
    <>
      <h1>Schedules</h1>
      <CreateSchedule onCreated={list.reload} />
      <section aria-labelledby="schedule-list" className="block">
        <h2 id="schedule-list">Schedules</h2>
        <ReadError error={list.error} />
        {list.data?.length === 0 && <p className="muted">No schedule yet.</p>}
        <ol className="cycles" aria-label="Schedules">
          {list.data?.map((s) => <ScheduleItem key={s.id} schedule={s} onDone={list.reload} />)}
        </ol>
      </section>
    </>
  );
}
