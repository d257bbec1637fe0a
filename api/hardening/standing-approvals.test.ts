// /api/v1/standing-approvals through app.request(): grant, list, revoke, their refusals as
// {code, message}, and the scope rules a cycle's look-up applies (domain, risk, four-eyes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { usableStandingApproval } from '../../repo/hardening/standing-approvals';
import { jsonReq, makeApp, throwingTemporal } from '../test-support';

let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;
beforeAll(async () => {
  ({ app, db } = await makeApp({ temporal: throwingTemporal() }));
});
afterAll(() => db.close());

const grant = (body: Record<string, unknown>) =>
  app.request('/api/v1/standing-approvals', jsonReq('POST', { environment: 'sandbox', approver: 'bob', reason: 'CHG-2001 demo', expiresIn: '8h', ...body }));

describe('/api/v1/standing-approvals', () => {
  it('grants with an expiry, lists active grants, revokes once', async () => {
    const res = await grant({ maxBreakageRisk: 0.3, actionDomains: ['network'] });
    expect(res.status).toBe(201);
    const g = (await res.json()) as { id: number; expiresAt: string; grantedAt: string };
    expect(g).toMatchObject({ environment: 'sandbox', grantedBy: 'bob', reason: 'CHG-2001 demo', actionDomains: ['network'], maxBreakageRisk: 0.3, revokedAt: null });
    expect(Date.parse(g.expiresAt) - Date.parse(g.grantedAt)).toBeGreaterThan(8 * 3_600_000 - 60_000);

    const active = (await (await app.request('/api/v1/standing-approvals?environment=sandbox&active=true')).json()) as { id: number }[];
    expect(active.map((r) => r.id)).toContain(g.id);

    const revoke = (actor: string) => app.request(`/api/v1/standing-approvals/${g.id}/revoke`, jsonReq('POST', { actor, reason: 'demo over' }));
    const revoked = await revoke('bob');
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: g.id, revokedBy: 'bob', revokeReason: 'demo over' });
    const again = await revoke('carol');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'standing_approval_inactive', message: expect.stringMatching(/already revoked by bob/) });
    const listed = (await (await app.request('/api/v1/standing-approvals?environment=sandbox&active=true')).json()) as { id: number }[];
    expect(listed.map((r) => r.id)).not.toContain(g.id);
  });

  it('refuses what it cannot grant or revoke with {code, message}', async () => {
    for (const body of [{ expiresIn: '8d' }, { expiresIn: '0h' }, { expiresIn: 'forever' }, { reason: ' ' }, { maxBreakageRisk: 2 }, { actionDomains: ['dns'] }, { approver: '' }, { grantedBy: 'bob' }]) {
      const res = await grant(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'invalid_request' });
    }
    const env = await grant({ environment: 'prod-nowhere' });
    expect(env.status).toBe(404);
    expect(await env.json()).toMatchObject({ code: 'environment_not_found' });
    const none = await app.request('/api/v1/standing-approvals/999999/revoke', jsonReq('POST', { actor: 'bob', reason: 'x' }));
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ code: 'standing_approval_not_found' });
  });

  it('a cycle may use a grant only within its domains and risk, and never when it requested the change itself', async () => {
    const res = await grant({ approver: 'Dana', actionDomains: ['network'], maxBreakageRisk: 0.2 });
    expect(res.status).toBe(201);
    const g = (await res.json()) as { id: number };
    const use = (requester: string, domain: string, breakageRisk: number) => usableStandingApproval(db.db, { environment: 'sandbox', requester, domain, breakageRisk });
    expect((await use('erin', 'network', 0.1)).grant?.id).toBe(g.id);
    expect((await use('erin', 'iam', 0.1)).grant).toBeNull();
    expect((await use('erin', 'network', 0.5)).grant).toBeNull();
    const self = await use('ｄａｎａ', 'network', 0.1);
    expect(self.grant).toBeNull();
    expect(self.notes).toEqual([`standing approval #${g.id} not used: granted by Dana, who requested this change (four-eyes)`]);
  });
});
