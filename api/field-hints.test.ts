// A habitual field name is refused (strict schemas) with a message naming the right field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { makeApp, throwingTemporal } from './test-support';

type App = Awaited<ReturnType<typeof makeApp>>['app'];
let app: App;
let db: DbHandle;

beforeAll(async () => {
  ({ app, db } = await makeApp({ temporal: throwingTemporal() }));
});
afterAll(() => db.close());

async function post(path: string, body: unknown) {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, ...((await res.json()) as { code: string; message: string }) };
}

describe('habitual field names', () => {
  it.each([
    ['/api/v1/cycles/hardening-cycle:sandbox:000001/approve', { approver: 'bob', reason: 'ok' }, 'reason', 'comment'],
    ['/api/v1/cycles/hardening-cycle:sandbox:000001/reject', { reviewer: 'bob' }, 'reviewer', 'approver'],
    ['/api/v1/rules/1/apply', { actor: 'alice', comment: 'ok' }, 'comment', 'reason'],
    ['/api/v1/rules/1/false-positive', { reporter: 'alice', reason: 'blocked search' }, 'reason', 'detail'],
    ['/api/v1/evidence/hp-1/review', { reviewer: 'alice', decision: 'approve', comment: 'ok' }, 'comment', 'reason'],
    ['/api/v1/sentinel/predict-payload', { text: 'x' }, 'text', 'payload'],
    ['/api/v1/cycles', { env: 'sandbox' }, 'env', 'environment'],
  ])('%s with %j names the right field', async (path, body, wrong, right) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.code).toBe('invalid_request');
    expect(res.message).toContain(`use \`${right}\` instead of \`${wrong}\``);
  });

  it('an unknown key without a habit behind it gets the plain message', async () => {
    const res = await post('/api/v1/cycles/hardening-cycle:sandbox:000001/approve', { approver: 'bob', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.message).toMatch(/colour/);
    expect(res.message).not.toContain('instead of');
  });
});
