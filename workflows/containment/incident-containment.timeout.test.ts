// The expiry timer on the time-skipping test server: a day passes in milliseconds.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCycleHarness, environmentControls, type CycleHarness } from '../../test/support/cycle-harness';
import { holdsOf, startIncident } from '../../test/support/containment-harness';
import { createTimeSkippingEnv } from '../../test/support/temporal';

let env: TestWorkflowEnvironment;
let h: CycleHarness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await createCycleHarness({ database: 'pglite' });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

describe('incident containment expiry', () => {
  it('releases containment when nobody resolves it before the expiry', async () => {
    const before = (await environmentControls(h.db, 'sandbox')).controls;
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'sandbox', suspects: [{ kind: 'source', id: '203.0.113.7' }], expiresIn: '24h' });
      const started = Date.now();
      const result = await handle.result();
      expect(Date.now() - started).toBeLessThan(60_000); // the 24 h were skipped, not waited
      expect(result.outcome).toBe('expired');
      expect(result.restored).toBe(true);
      expect((await holdsOf(h, handle.workflowId)).map((x) => x.status)).toEqual(['released']);
      const [ev] = await h.db.execute("select detail from incident_events where workflow_id = $1 and kind = 'expired'", [handle.workflowId]);
      expect(ev.detail).toEqual({ expiresAt: result.expiresAt });
    });
    expect((await environmentControls(h.db, 'sandbox')).controls).toEqual(before);
  });
});
