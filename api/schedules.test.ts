// Schedules through the API against the in-memory Temporal stand-in (real error classes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { SA, TASK_QUEUES } from '../temporal/ids';
import { FakeTemporal, jsonReq, makeApp } from './test-support';

let fake: FakeTemporal;
let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;
const ID = 'hardening-schedule:sandbox';

beforeAll(async () => {
  fake = new FakeTemporal();
  ({ app, db } = await makeApp({ temporal: fake.client() }));
});
afterAll(() => db.close());

describe('schedules', () => {
  it('creates one schedule per environment that starts hardening cycles (overlap: skip)', async () => {
    const res = await app.request('/api/v1/schedules', jsonReq('POST', { environment: 'sandbox', intervalSeconds: 900, requester: 'ops' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: ID, environment: 'sandbox', paused: false, spec: { intervalSeconds: 900 }, createdBy: 'ops' });
    const opts = fake.schedules.get(ID)!.options as Record<string, any>;
    expect(opts).toMatchObject({
      spec: { intervals: [{ every: '900s' }] },
      policies: { overlap: 'SKIP' },
      action: {
        type: 'startWorkflow',
        workflowType: 'hardeningCycleWorkflow',
        taskQueue: TASK_QUEUES.hardening,
        workflowId: 'hardening-cycle:sandbox:scheduled',
        args: [{ environment: 'sandbox', requester: 'scheduler', trigger: 'schedule', mode: 'sandbox', approvalTimeout: '30m' }],
      },
    });
    expect(opts.action.typedSearchAttributes).toEqual([
      { key: SA.kind, value: 'hardening-cycle' },
      { key: SA.environment, value: 'sandbox' },
    ]);
  });

  it('a second schedule for the environment → 409 schedule_exists', async () => {
    const res = await app.request('/api/v1/schedules', jsonReq('POST', { environment: 'sandbox', cron: '0 * * * *' }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'schedule_exists' });
  });

  it('lists, pauses, unpauses, triggers and deletes (by id or environment name)', async () => {
    expect(await (await app.request('/api/v1/schedules')).json()).toEqual([expect.objectContaining({ id: ID, paused: false })]);
    expect(await (await app.request(`/api/v1/schedules/${ID}/pause`, { method: 'POST' })).json()).toEqual({ id: ID, paused: true });
    expect(await (await app.request(`/api/v1/schedules/${ID}`)).json()).toMatchObject({ paused: true, note: 'paused via API', nextActionTimes: [] });
    const noted = await app.request(`/api/v1/schedules/${ID}/pause?note=maintenance%20CHG-7`, { method: 'POST' });
    expect(await noted.json()).toEqual({ id: ID, paused: true, note: 'maintenance CHG-7' });
    expect(await (await app.request(`/api/v1/schedules/${ID}`)).json()).toMatchObject({ paused: true, note: 'maintenance CHG-7', nextActionTimes: [] });
    expect((await app.request('/api/v1/schedules/sandbox/unpause', { method: 'POST' })).status).toBe(200);
    expect(fake.schedules.get(ID)!.paused).toBe(false);
    expect((await app.request(`/api/v1/schedules/${ID}/trigger`, { method: 'POST' })).status).toBe(202);
    expect(fake.schedules.get(ID)!.triggers).toBe(1);
    const del = await app.request(`/api/v1/schedules/${ID}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(fake.schedules.size).toBe(0);
  });

  it.each([
    ['POST', '/pause'],
    ['POST', '/unpause'],
    ['POST', '/trigger'],
    ['DELETE', ''],
    ['GET', ''],
  ])('%s unknown schedule%s → 404 schedule_not_found', async (method, suffix) => {
    const res = await app.request(`/api/v1/schedules/hardening-schedule:nowhere${suffix}`, { method });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'schedule_not_found' });
  });
});
