// With auth on, who requested and who approved come from the tokens: a body naming someone
// else is refused, the same person under another token cannot approve their own change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTemporal, jsonReq } from '../test-support';
import { makeAuthApp } from './test-app';

let h: Awaited<ReturnType<typeof makeAuthApp>>;
let fake: FakeTemporal;
let olgaApprover: string;

beforeAll(async () => {
  fake = new FakeTemporal();
  fake.onStart = (wf) => Object.assign(wf.status, { stage: 'awaiting_approval', awaitingApproval: true });
  h = await makeAuthApp({ temporal: fake.client() });
  olgaApprover = (await h.tokens.create({ role: 'approver', name: 'Olga' })).token; // olga's second token
});
afterAll(() => h.db.close());

const post = (path: string, body: unknown, token: string) => h.app.request(path, jsonReq('POST', body, h.bearer(token)));

describe('identity from the token', () => {
  let workflowId: string;

  it('the requester of a cycle is the token’s name; a body naming someone else is 403 identity_mismatch and starts nothing', async () => {
    const starts = fake.starts.length;
    const refused = await post('/api/v1/cycles', { environment: 'sandbox', requester: 'mallory' }, h.role.operator);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ code: 'identity_mismatch', message: expect.stringMatching(/requester comes from your token \("olga"\)/) });
    expect(fake.starts.length).toBe(starts);
    const res = await post('/api/v1/cycles', { environment: 'sandbox' }, h.role.operator);
    expect(res.status).toBe(202);
    workflowId = ((await res.json()) as { workflowId: string }).workflowId;
    expect((fake.starts.at(-1)!.args as [{ requester: string }])[0].requester).toBe('olga');
    // Naming yourself (any spelling of it) is accepted.
    expect((await post('/api/v1/cycles', { environment: 'sandbox', requester: 'OLGA' }, h.role.operator)).status).toBe(202);
  });

  it('four-eyes: the requester cannot approve under another token of hers (409); another approver can, recorded from the token', async () => {
    const self = await post(`/api/v1/cycles/${workflowId}/approve`, { comment: 'mine' }, olgaApprover);
    expect(self.status).toBe(409);
    expect(((await self.json()) as { code: string }).code).toBe('self_approval_refused');
    const impersonating = await post(`/api/v1/cycles/${workflowId}/approve`, { approver: 'bob', comment: 'as bob' }, h.role.approver);
    expect(impersonating.status).toBe(403);
    expect(((await impersonating.json()) as { code: string }).code).toBe('identity_mismatch');
    const ok = await post(`/api/v1/cycles/${workflowId}/approve`, { comment: 'lgtm' }, h.role.approver);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ approver: 'april', comment: 'lgtm', decision: 'approved' });
  });

  it('the seed /cycle/run records the caller too', async () => {
    const res = await post('/cycle/run', { environment: 'sandbox' }, h.role.admin);
    expect([200, 202]).toContain(res.status);
    expect((fake.starts.at(-1)!.args as [{ requester: string }])[0].requester).toBe('adam');
  });

  it('the routes with identity fields say so in the document', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.paths['/api/v1/cycles/{workflowId}/approve'].post['x-bulwark-identity']).toEqual(['approver']);
    expect(doc.paths['/api/v1/evidence/{id}/review'].post['x-bulwark-identity']).toEqual(['reviewer']);
    expect(doc.paths['/api/v1/cycles'].post['x-bulwark-identity']).toEqual(['requester']);
  });
});
