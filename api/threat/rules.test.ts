import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { proposeRule } from '../../repo/threat/rules';
import { fixtureRule, provenanceFor } from '../../repo/threat/rules.test-support';
import { jsonReq, makeApp } from '../test-support';

const sqli = fixtureRule('sql_injection');
const xss = fixtureRule('xss');

describe('/api/v1/rules', () => {
  let app: Awaited<ReturnType<typeof makeApp>>['app'];
  let db: DbHandle;
  const get = async (path: string) => {
    const res = await app.request(`/api/v1/rules${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const post = async (path: string, body: unknown) => {
    const res = await app.request(`/api/v1/rules${path}`, jsonReq('POST', body));
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeEach(async () => {
    ({ app, db } = await makeApp());
    await proposeRule(db.db, sqli, provenanceFor('sql_injection'));
    await proposeRule(db.db, xss, provenanceFor('xss'), { status: 'logged' });
  });
  afterEach(() => db?.close());

  it('serves an empty versioned rule set before anything is applied', async () => {
    const res = await app.request('/api/v1/rules/modsecurity.conf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('x-ruleset-version')).toBe('0');
    expect(await res.text()).toMatch(/^# Bulwark active WAF rule set\n# version: 0\n# generated at: never\n# rules: 0\n/);
  });

  it('applies a rule into a new version of the served rule set, recording who did it', async () => {
    const applied = await post(`/${sqli.id}/apply`, { actor: 'alice', reason: 'confirmed' });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ rule: { id: sqli.id, status: 'applied' }, rulesetVersion: expect.any(Number) });
    const v = applied.body.rulesetVersion as number;

    const res = await app.request('/api/v1/rules/modsecurity.conf');
    const text = await res.text();
    expect(res.headers.get('x-ruleset-version')).toBe(String(v));
    expect(text).toContain(`# version: ${v}\n`);
    expect(text).toContain('# rules: 1\n');
    expect(text).toContain(sqli.secRule);
    expect(text).not.toContain(`id:${xss.id}`);

    const one = await get(`/${sqli.id}`);
    expect(one.body.rule).toMatchObject({ id: sqli.id, status: 'applied', provenance: { evidenceIds: provenanceFor('sql_injection').evidenceIds } });
    expect(one.body.events.map((e: any) => [e.type, e.actor, e.rulesetVersion])).toEqual([
      ['proposed', 'system', null],
      ['applied', 'alice', v],
    ]);
    expect((await get('/versions')).body.versions).toEqual([expect.objectContaining({ version: v, actor: 'alice', reason: 'confirmed', ruleIds: [sqli.id] })]);
    expect((await get('?status=applied')).body.rules.map((r: any) => r.id)).toEqual([sqli.id]);
    expect((await get('?status=logged')).body.rules.map((r: any) => r.id)).toEqual([xss.id]);
    expect((await get('')).body.rules).toHaveLength(2);
  });

  it('answers 409 for a transition the rule is not in a state for, 404 for an unknown rule, 400 for bad input', async () => {
    expect(await post(`/${sqli.id}/rollback`, { actor: 'bob', reason: 'x' })).toMatchObject({ status: 409, body: { code: 'rule_state_conflict' } });
    expect((await post(`/${sqli.id}/apply`, { actor: 'alice' })).status).toBe(200);
    const again = await post(`/${sqli.id}/apply`, { actor: 'alice' });
    expect(again).toMatchObject({ status: 409, body: { code: 'rule_state_conflict' } });
    expect(again.body.message).toMatch(/is applied/);

    expect(await post('/1234/apply', { actor: 'alice' })).toMatchObject({ status: 404, body: { code: 'rule_not_found' } });
    expect(await post('/1234/false-positive', { reporter: 'c', detail: 'd' })).toMatchObject({ status: 404, body: { code: 'rule_not_found' } });
    expect(await get('/1234')).toMatchObject({ status: 404, body: { code: 'rule_not_found' } });

    expect(await post(`/${xss.id}/apply`, { actor: 'system' })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect(await post(`/${xss.id}/apply`, { actor: 'alice', force: true })).toMatchObject({ status: 400 });
    expect(await post(`/${sqli.id}/rollback`, { actor: 'bob' })).toMatchObject({ status: 400 });
    expect(await get('/abc')).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect(await get('?status=live')).toMatchObject({ status: 400 });
  });

  it('rolls back on request and, past the false-positive threshold, automatically', async () => {
    await post(`/${sqli.id}/apply`, { actor: 'alice' });
    await post(`/${xss.id}/apply`, { actor: 'alice' });
    const rolled = await post(`/${sqli.id}/rollback`, { actor: 'bob', reason: 'breaks search' });
    expect(rolled).toMatchObject({ status: 200, body: { rule: { status: 'rolled_back' } } });

    for (let n = 1; n <= 3; n++) {
      expect((await post(`/${xss.id}/false-positive`, { reporter: `u${n}`, detail: 'blocked a forum post' })).body).toEqual({
        ruleId: xss.id,
        threshold: 3,
        fpReports: n,
        rolledBack: false,
      });
    }
    const fourth = await post(`/${xss.id}/false-positive`, { reporter: 'u4', detail: 'blocked a forum post' });
    expect(fourth).toMatchObject({ status: 200, body: { fpReports: 4, rolledBack: true, rulesetVersion: expect.any(Number) } });

    const text = await (await app.request('/api/v1/rules/modsecurity.conf')).text();
    expect(text).toContain(`# version: ${fourth.body.rulesetVersion}\n# generated at: `);
    expect(text).toContain('# rules: 0\n');
    const events = (await get(`/${xss.id}`)).body.events as any[];
    expect(events.at(-1)).toMatchObject({ type: 'rolled_back', actor: 'system', reason: expect.stringMatching(/exceed the threshold of 3/) });
    const versions = (await get('/versions')).body.versions as any[];
    expect(versions.map((v) => v.actor)).toEqual(['system', 'bob', 'alice', 'alice']);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/rules/modsecurity.conf', '/api/v1/rules/{id}/false-positive', '/api/v1/rules/versions']));
  });
});
