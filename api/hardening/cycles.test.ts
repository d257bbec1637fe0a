// Cycles, approvals and the seed's /cycle/run against an in-memory Temporal stand-in that
// raises the real client's error classes (see test-support.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { cycles } from '../../db/schema';
import { SA, TASK_QUEUES } from '../../temporal/ids';
import { FakeTemporal, dbSnapshot, jsonReq, makeApp } from '../test-support';

let fake: FakeTemporal;
let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;

beforeAll(async () => {
  fake = new FakeTemporal();
  ({ app, db } = await makeApp({ temporal: fake.client() }));
});
afterAll(() => db.close());
beforeEach(() => {
  fake.onStart = () => {};
});

/** The worker's first activity records the cycle; the fake has no worker, so the test does it. */
async function recordStarted(workflowId: string, requester: string, status: 'running' | 'completed' = 'running') {
  await db.db.insert(cycles).values({ workflowId, environment: 'sandbox', trigger: 'api', requester, mode: 'sandbox', status }).onConflictDoNothing();
}

const awaitApproval = (wf: { status: { stage: string; awaitingApproval: boolean } }) => {
  wf.status.stage = 'awaiting_approval';
  wf.status.awaitingApproval = true;
};

describe('POST /api/v1/cycles', () => {
  it('starts hardeningCycleWorkflow with a meaningful id, search attributes and memo', async () => {
    const res = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox', requester: 'alice', tags: { change_ticket: 'CHG-1' } }));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { workflowId: string; runId: string };
    expect(body.workflowId).toMatch(/^hardening-cycle:sandbox:\d{6}$/);
    const opts = fake.starts.at(-1)!;
    expect(opts).toMatchObject({
      workflowType: 'hardeningCycleWorkflow',
      workflowId: body.workflowId,
      taskQueue: TASK_QUEUES.hardening,
      args: [{ environment: 'sandbox', requester: 'alice', trigger: 'api', mode: 'sandbox', approvalTimeout: '30m', tags: { change_ticket: 'CHG-1' } }],
      memo: { summary: 'hardening cycle for sandbox requested by alice' },
    });
    expect(opts.typedSearchAttributes).toEqual(
      expect.arrayContaining([
        { key: SA.kind, value: 'hardening-cycle' },
        { key: SA.environment, value: 'sandbox' },
      ]),
    );
  });

  it('allocates increasing sequence numbers', async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const res = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox' }));
      ids.push(((await res.json()) as { workflowId: string }).workflowId);
    }
    expect(Number(ids[1].split(':')[2])).toBe(Number(ids[0].split(':')[2]) + 1);
  });

  it('requestId makes the post idempotent: 202 then 200 with the same id, one workflow', async () => {
    const post = () => app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox', requestId: 'abc-1' }));
    const startsBefore = fake.starts.length;
    const first = await post();
    const second = await post();
    expect([first.status, second.status]).toEqual([202, 200]);
    const [a, b] = [await first.json(), await second.json()];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ workflowId: 'hardening-cycle:sandbox:req-abc-1' });
    expect(fake.starts.length).toBe(startsBefore + 1);
  });

  it('a requestId with ":" is refused (ids are colon-separated)', async () => {
    const res = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox', requestId: 'a:b' }));
    expect(res.status).toBe(400);
  });

  it('Temporal already-started → 409', async () => {
    // Simulate a sequence collision (e.g. a restored database behind Temporal's history).
    const res1 = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox' }));
    const { workflowId } = (await res1.json()) as { workflowId: string };
    await db.execute(`update environments set cycle_seq = cycle_seq - 1 where name = 'sandbox'`);
    const res2 = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox' }));
    expect(res2.status).toBe(409);
    expect(await res2.json()).toMatchObject({ code: 'workflow_already_started', message: expect.stringContaining(workflowId) });
  });
});

describe('GET /api/v1/cycles', () => {
  it('lists, filters and shows one cycle with live + Temporal status', async () => {
    const res = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox', requester: 'carol' }));
    const { workflowId } = (await res.json()) as { workflowId: string };
    await recordStarted(workflowId, 'carol');

    const list = (await (await app.request('/api/v1/cycles?environment=sandbox&status=running&limit=5')).json()) as { workflowId: string }[];
    expect(list.map((r) => r.workflowId)).toContain(workflowId);
    expect(await (await app.request('/api/v1/cycles?outcome=applied')).json()).toEqual([]);

    const one = await app.request(`/api/v1/cycles/${workflowId}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({
      workflowId,
      record: { workflowId, requester: 'carol', status: 'running' },
      status: { stage: 'snapshot', requester: 'carol' },
      statusSource: 'live',
      temporal: { status: 'RUNNING' },
    });
  });

  it('unknown cycle → 404 cycle_not_found', async () => {
    const res = await app.request('/api/v1/cycles/hardening-cycle:sandbox:999999');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'cycle_not_found' });
  });
});

describe('approvals', () => {
  let workflowId: string;
  beforeAll(async () => {
    fake.onStart = awaitApproval;
    const res = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox', requester: 'alice' }));
    workflowId = ((await res.json()) as { workflowId: string }).workflowId;
    await recordStarted(workflowId, 'alice');
  });

  it('GET /api/v1/approvals lists the cycle awaiting approval', async () => {
    const pending = (await (await app.request('/api/v1/approvals')).json()) as { workflowId: string; requester: string }[];
    expect(pending).toEqual([expect.objectContaining({ workflowId, requester: 'alice' })]);
  });

  // The requester under another spelling: case, padding, zero-width and bidi characters, fullwidth forms.
  it.each(['Alice ', 'ali\u200Bce', '\u202Ealice\u202C', 'ａｌｉｃｅ', 'al\u00ADice', '\uFEFFALICE'])(
    'self-approval as %j → 409 self_approval_refused; nothing written',
    async (approver) => {
      const before = await dbSnapshot(db);
      const res = await app.request(`/api/v1/cycles/${workflowId}/approve`, jsonReq('POST', { approver }));
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ code: 'self_approval_refused', message: expect.stringMatching(/self-approval refused: alice requested this change/) });
      expect(await dbSnapshot(db)).toEqual(before);
      expect(fake.workflows.get(workflowId)!.status.awaitingApproval).toBe(true);
    },
  );

  it.each(['bo\u0000b', 'bob\n', 'b\u0007ob', 'bob<script>', 'bob;drop'])('approver %j outside the identity set → 400 naming approver', async (approver) => {
    const res = await app.request(`/api/v1/cycles/${workflowId}/approve`, jsonReq('POST', { approver }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'invalid_request', message: expect.stringMatching(/^approver: /) });
  });

  it('missing approver → 400', async () => {
    const res = await app.request(`/api/v1/cycles/${workflowId}/approve`, jsonReq('POST', { comment: 'ok' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/approver/);
  });

  it('another approver → 200 with the ApprovalRecord; then a second decision → 409', async () => {
    const res = await app.request(`/api/v1/cycles/${workflowId}/approve`, jsonReq('POST', { approver: 'bob', comment: 'lgtm' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ approver: 'bob', comment: 'lgtm', decision: 'approved' });
    const again = await app.request(`/api/v1/cycles/${workflowId}/reject`, jsonReq('POST', { approver: 'dave' }));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'not_awaiting_approval', message: expect.stringMatching(/not awaiting approval/) });
    expect(await (await app.request('/api/v1/approvals')).json()).toEqual([]);
  });

  it('a closed cycle → 409; an unknown one → 404', async () => {
    fake.workflows.get(workflowId)!.running = false;
    await db.execute(`update cycles set status = 'completed', outcome = 'applied' where workflow_id = $1`, [workflowId]);
    const closed = await app.request(`/api/v1/cycles/${workflowId}/reject`, jsonReq('POST', { approver: 'bob' }));
    expect(closed.status).toBe(409);
    const unknown = await app.request('/api/v1/cycles/hardening-cycle:sandbox:777777/approve', jsonReq('POST', { approver: 'bob' }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'cycle_not_found' });
  });
});

describe('POST /api/v1/cycles/{id}/cancel', () => {
  it('running → 202 cancelling (again on repeat); closed → 200 with its state; unknown → 404', async () => {
    const res = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox', requester: 'erin' }));
    const { workflowId } = (await res.json()) as { workflowId: string };
    await recordStarted(workflowId, 'erin');
    const cancel = () => app.request(`/api/v1/cycles/${workflowId}/cancel`, { method: 'POST' });

    for (let i = 0; i < 2; i++) {
      const r = await cancel();
      expect(r.status).toBe(202);
      expect(await r.json()).toEqual({ workflowId, state: 'cancelling', temporalStatus: 'RUNNING', recordStatus: 'running', outcome: null });
    }
    expect(fake.workflows.get(workflowId)!.cancelRequested).toBe(true);

    // The workflow compensates and records its outcome, then closes as Cancelled.
    fake.workflows.get(workflowId)!.running = false;
    await db.execute(`update cycles set status = 'completed', outcome = 'cancelled' where workflow_id = $1`, [workflowId]);
    const closed = await cancel();
    expect(closed.status).toBe(200);
    expect(await closed.json()).toEqual({ workflowId, state: 'closed', temporalStatus: 'CANCELLED', recordStatus: 'completed', outcome: 'cancelled' });

    const unknown = await app.request('/api/v1/cycles/hardening-cycle:sandbox:888888/cancel', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 'cycle_not_found', message: expect.stringContaining('888888') });
  });

  it('a cycle past Temporal retention answers from its record (200), never 5xx', async () => {
    const workflowId = 'hardening-cycle:sandbox:000001-old';
    await recordStarted(workflowId, 'frank', 'completed');
    const r = await app.request(`/api/v1/cycles/${workflowId}/cancel`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ workflowId, state: 'closed', temporalStatus: null, recordStatus: 'completed' });
  });

  it('is documented with examples', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { examples?: object }> }> }>> };
    const op = doc.paths['/api/v1/cycles/{workflowId}/cancel'].post;
    expect(Object.keys(op.responses).sort()).toEqual(['200', '202', '400', '404', '502', '503']);
    expect(Object.keys(op.responses['200'].content!['application/json'].examples!)).toEqual(['cancelled', 'finished']);
    expect(op.responses['202'].content!['application/json'].examples).toBeDefined();
  });
});

describe('POST /cycle/run (seed)', () => {
  it('returns 200 with the result when the cycle finishes in time', async () => {
    // Own fake and database: sequence numbers restart at 1 in a fresh database.
    const f2 = new FakeTemporal();
    const { app: quick, db: db2 } = await makeApp({ temporal: f2.client(), config: { CYCLE_RUN_WAIT_SECONDS: 5 } });
    f2.onStart = (wf) => {
      wf.running = false;
      wf.result = { ...wf.status, stage: 'done', outcome: 'applied', reward: 0.4 };
    };
    const res = await quick.request('/cycle/run', jsonReq('POST', { environment: 'sandbox' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'applied', environment: 'sandbox', requester: 'seed-api' });
    expect(f2.starts.at(-1)).toMatchObject({ args: [{ trigger: 'seed-api', requester: 'seed-api' }] });
    await db2.close();
  });

  it('returns 202 with id and live status while the cycle waits (e.g. for approval)', async () => {
    const f2 = new FakeTemporal();
    const { app: slow, db: db2 } = await makeApp({ temporal: f2.client(), config: { CYCLE_RUN_WAIT_SECONDS: 1 } });
    f2.onStart = awaitApproval;
    const res = await slow.request('/cycle/run', jsonReq('POST', { environment: 'sandbox', requester: 'erin' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      workflowId: expect.stringMatching(/^hardening-cycle:sandbox:/),
      status: { awaitingApproval: true, requester: 'erin' },
    });
    await db2.close();
  });

  it('accepts the seed curl body exactly as written', async () => {
    const res = await app.request('/cycle/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"environment":"sandbox"}',
    });
    expect([200, 202]).toContain(res.status);
  });
});
