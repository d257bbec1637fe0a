// Walks /openapi.json with auth on: every operation but the public probe refuses a missing,
// unknown, expired or revoked token (401) and a role one step too weak (403), and admits its
// declared role. Routes added later are walked too: the list comes from the document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_ROLES, type TokenRole } from '../../runtime/auth/token-store';
import { ROLE_KEY } from './roles';
import { makeAuthApp } from './test-app';

type Op = { [ROLE_KEY]?: string; security?: unknown[] };
let h: Awaited<ReturnType<typeof makeAuthApp>>;
let ops: { method: string; path: string; url: string; role: string }[];
let doc: { paths: Record<string, Record<string, Op>>; components: { securitySchemes?: Record<string, unknown> } };

beforeAll(async () => {
  h = await makeAuthApp();
  const res = await h.app.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, url: path.replace(/\{[^}]+\}/g, '1'), role: String(op[ROLE_KEY]) })),
  );
});
afterAll(() => h.db.close());

const call = (op: { method: string; url: string }, headers: Record<string, string> = {}) =>
  h.app.request(op.url, { method: op.method, headers: { 'content-type': 'application/json', ...headers }, ...(op.method === 'GET' ? {} : { body: '{}' }) });

describe('every documented route declares a role', () => {
  it('each operation has x-bulwark-role and a bearer security requirement; only /health and the console settings are public', () => {
    expect(ops.length).toBeGreaterThan(30);
    for (const op of ops) expect(['public', ...TOKEN_ROLES], `${op.method} ${op.path}`).toContain(op.role);
    expect(ops.filter((o) => o.role === 'public').map((o) => `${o.method} ${o.path}`).sort()).toEqual(['GET /api/v1/console', 'GET /health']);
    for (const op of ops.filter((o) => o.role !== 'public')) {
      const declared = doc.paths[op.path][op.method.toLowerCase()] as Op & { responses: Record<string, { description: string }> };
      expect(declared.security, `${op.method} ${op.path}`).toEqual([{ bearerAuth: [] }]);
      expect(declared.responses['401']?.description, `${op.method} ${op.path}`).toMatch(/`unauthorized`/);
      expect(declared.responses['403']?.description, `${op.method} ${op.path}`).toMatch(/`forbidden`/);
    }
    expect(doc.components.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('the roles the issue names: approvals and reviews need approver; schedules, panic, environments need admin', () => {
    const role = (method: string, path: string) => ops.find((o) => o.method === method && o.path === path)?.role;
    expect(role('GET', '/timeline')).toBe('viewer');
    expect(role('POST', '/cycle/run')).toBe('operator');
    expect(role('POST', '/api/v1/evidence')).toBe('operator');
    expect(role('POST', '/api/v1/cycles/{workflowId}/approve')).toBe('approver');
    expect(role('POST', '/api/v1/cycles/{workflowId}/reject')).toBe('approver');
    expect(role('POST', '/api/v1/evidence/{id}/review')).toBe('approver');
    expect(role('POST', '/api/v1/rules/{id}/apply')).toBe('approver');
    expect(role('POST', '/api/v1/schedules')).toBe('admin');
    expect(role('POST', '/api/v1/sentinel/sandbox/panic')).toBe('admin');
    expect(role('POST', '/api/v1/environments')).toBe('admin');
    expect(role('GET', '/api/v1/environments')).toBe('viewer');
  });
});

describe('walking /openapi.json with auth on', () => {
  it('no token, an unknown token, an expired token and a revoked token → 401 unauthorized on every protected route', async () => {
    for (const op of ops.filter((o) => o.role !== 'public')) {
      for (const [label, headers] of [
        ['none', {}],
        ['unknown', h.bearer('bwk_000000000000_not-a-real-token')],
        ['malformed', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
        ['expired', h.bearer(h.expired)],
        ['revoked', h.bearer(h.revoked)],
      ] as const) {
        const res = await call(op, headers);
        expect(res.status, `${op.method} ${op.path} with ${label} token`).toBe(401);
        expect(((await res.json()) as { code: string }).code).toBe('unauthorized');
      }
    }
  });

  it('a role one step below the declared one → 403 forbidden; the declared role gets past auth', async () => {
    let refused = 0;
    for (const op of ops.filter((o) => o.role !== 'public')) {
      const need = TOKEN_ROLES.indexOf(op.role as TokenRole);
      if (need > 0) {
        const res = await call(op, h.bearer(h.role[TOKEN_ROLES[need - 1]]));
        expect(res.status, `${op.method} ${op.path} as ${TOKEN_ROLES[need - 1]}`).toBe(403);
        expect(((await res.json()) as { code: string }).code).toBe('forbidden');
        refused++;
      }
      const ok = await call(op, h.bearer(h.role[op.role as TokenRole]));
      expect([401, 403], `${op.method} ${op.path} as ${op.role} (${ok.status})`).not.toContain(ok.status);
    }
    expect(refused).toBeGreaterThan(15);
  });

  it('/health, /openapi.json, /docs and the console (page, assets, settings) need no token; an unknown path needs one before it is a 404', async () => {
    for (const path of ['/health', '/openapi.json', '/docs', '/', '/assets/none.js', '/api/v1/console']) expect((await h.app.request(path)).status, path).not.toBe(401);
    expect((await h.app.request('/api/v1/nowhere')).status).toBe(401);
    expect((await h.app.request('/api/v1/nowhere', { headers: h.bearer(h.role.viewer) })).status).toBe(404);
    const del = await h.app.request('/api/v1/nowhere', { method: 'DELETE', headers: h.bearer(h.role.viewer) });
    expect(del.status).toBe(403); // an undocumented write needs operator, whatever it is
  });
});

describe('auth events in the hash-chained audit log', () => {
  it('refusals and tokens used on writes are appended, and the chain verifies', async () => {
    const before = (await h.audit.read(100_000)).length;
    await h.app.request('/api/v1/cycles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await h.app.request('/api/v1/sentinel/sandbox/panic', { method: 'POST', headers: h.bearer(h.role.operator) });
    await h.app.request('/api/v1/environments', { method: 'POST', headers: { ...h.bearer(h.role.admin), 'content-type': 'application/yaml' }, body: 'name: x' });
    const entries = (await h.audit.read(100_000)).slice(before);
    expect(entries.map((e) => [e.type, e.detail.event, e.detail.status ?? null, e.detail.name ?? null])).toEqual([
      ['auth', 'refused', 401, null],
      ['auth', 'refused', 403, 'olga'],
      ['auth', 'token_used', null, 'adam'],
    ]);
    expect(entries[2].detail).toMatchObject({ method: 'POST', path: '/api/v1/environments', role: 'admin', required: 'admin' });
    expect(JSON.stringify(entries)).not.toMatch(/bwk_/); // the secret is never written
    expect(await h.audit.verify()).toEqual({ ok: true });
  });
});
