// The daily retraining Schedule on the real Temporal dev server: created once (a pause survives
// a second ensure), listed, paused, unpaused and triggered through /api/v1/schedules.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { ensureRetrainingSchedule } from '../../temporal/retraining-schedule';
import { connectTestEnv } from '../../test/support/temporal';
import { makeApp } from '../test-support';

let env: TestWorkflowEnvironment;
let db: DbHandle;
let app: Awaited<ReturnType<typeof makeApp>>['app'];
const id = `retraining-schedule:test-${Date.now()}`;
const queue = `test-retrain-schedule-${Date.now()}`;

beforeAll(async () => {
  env = await connectTestEnv();
  ({ app, db } = await makeApp({ temporal: env.client }));
});
afterAll(async () => {
  await env?.client.schedule.getHandle(id).delete().catch(() => {});
  await db?.close();
  await env?.teardown();
});

const call = async (method: string, path: string) => {
  const res = await app.request(`/api/v1/schedules${path}`, { method });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
};

it('is created daily once, listed, paused with a note, unpaused and triggered like the hardening schedules', async () => {
  expect(await ensureRetrainingSchedule(env.client, { RETRAIN_SCHEDULE_CRON: '0 3 * * *' }, { scheduleId: id, taskQueue: queue })).toBe(true);
  const listed = (await call('GET', '')).body.find((s: { id: string }) => s.id === id);
  expect(listed).toMatchObject({ kind: 'retraining', environment: null, paused: false, spec: { cron: '0 3 * * *' }, nextActionTimes: expect.any(Array) });
  expect(new Date(listed.nextActionTimes[0]).getUTCHours()).toBe(3);

  expect((await call('POST', `/${encodeURIComponent(id)}/pause?note=dataset%20cleanup`)).body).toMatchObject({ id, paused: true, note: 'dataset cleanup' });
  // Start-up again: the existing Schedule (and its pause) is kept.
  expect(await ensureRetrainingSchedule(env.client, {}, { scheduleId: id, taskQueue: queue })).toBe(false);
  expect((await call('GET', `/${encodeURIComponent(id)}`)).body).toMatchObject({ paused: true, note: 'dataset cleanup', nextActionTimes: [] });
  expect((await call('POST', `/${encodeURIComponent(id)}/unpause`)).body).toMatchObject({ paused: false });

  expect((await call('POST', `/${encodeURIComponent(id)}/trigger`)).status).toBe(202);
  let started: string | undefined;
  await expect
    .poll(async () => {
      started = (await call('GET', `/${encodeURIComponent(id)}`)).body.recentActions.at(-1)?.workflowId;
      return started;
    }, { timeout: 30_000 })
    .toMatch(/^gated-retraining:scheduled/);
  const desc = await env.client.workflow.getHandle(started!).describe();
  expect(desc).toMatchObject({ type: 'gatedRetrainingWorkflow', taskQueue: queue });
  await env.client.workflow.getHandle(started!).terminate('test done');
  expect((await call('DELETE', `/${encodeURIComponent(id)}`)).status).toBe(204);
}, 60_000);
