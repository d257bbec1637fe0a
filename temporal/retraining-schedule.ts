// The daily retraining Schedule (`retraining-schedule:payload-classifier`): created when the API
// starts if it does not exist, never overwritten (a pause and its note survive restarts).
// Listed, paused, unpaused and triggered through /api/v1/schedules like the hardening ones.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { retrainGates, type Config } from '../config/config';
import { RETRAINING_SCHEDULE_ID, retrainingScheduleAction } from './retraining';

/** Creates the Schedule unless it exists; resolves true when it was created now. */
export async function ensureRetrainingSchedule(
  client: Client,
  config: Partial<Pick<Config, 'RETRAIN_SCHEDULE_CRON' | 'RETRAIN_MIN_PRECISION' | 'RETRAIN_MIN_RECALL' | 'RETRAIN_MAX_FPR' | 'RETRAIN_MIN_F1' | 'RETRAIN_MIN_SAMPLES'>>,
  opts: { scheduleId?: string; taskQueue?: string; paused?: boolean } = {},
): Promise<boolean> {
  const cron = config.RETRAIN_SCHEDULE_CRON ?? '0 3 * * *';
  try {
    await client.schedule.create({
      scheduleId: opts.scheduleId ?? RETRAINING_SCHEDULE_ID,
      spec: { cronExpressions: [cron] },
      action: retrainingScheduleAction(
        { trigger: 'schedule', requester: 'scheduler', gates: retrainGates(config), ...(config.RETRAIN_MIN_SAMPLES !== undefined && { minSamples: config.RETRAIN_MIN_SAMPLES }) },
        opts.taskQueue ? { threat: opts.taskQueue } : {},
      ),
      // A retraining still running when the next day comes is left to finish.
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      state: { paused: opts.paused ?? false, note: 'daily payload-classifier retraining' },
      memo: { kind: 'retraining', cron, requester: 'bulwark' },
    });
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
