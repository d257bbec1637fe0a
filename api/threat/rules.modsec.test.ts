// The served rule set is what a WAF loads, so prove that very text on the real engine
// (libmodsecurity3 through ops/modsec/harness.c): it parses, and it denies a triggering
// request with the applied rule's id. Like domain/threat/rules/modsec.test.ts: fails in CI
// without the harness, skipped with the reason on a developer machine.
import { expect, it } from 'vitest';
import { proposeRule } from '../../repo/threat/rules';
import { fixtureRule, provenanceFor } from '../../repo/threat/rules.test-support';
import { runModsec as runOn, type ModsecRequest } from '../../runtime/modsec';
import { requires } from '../../test/support/requires';
import { jsonReq, makeApp } from '../test-support';

const modsec = requires('modsec');
const runModsec = (text: string, requests: readonly ModsecRequest[]) => runOn(text, requests, { harness: modsec.path });

modsec.describe('GET /api/v1/rules/modsecurity.conf on real libmodsecurity', () => {
  it('loads, blocks a triggering request with the applied rule, and stops blocking once it is rolled back', async () => {
    const { app, db } = await makeApp();
    try {
      const sqli = fixtureRule('sql_injection');
      const xss = fixtureRule('xss');
      await proposeRule(db.db, sqli, provenanceFor('sql_injection'));
      await proposeRule(db.db, xss, provenanceFor('xss'));
      for (const id of [sqli.id, xss.id]) expect((await app.request(`/api/v1/rules/${id}/apply`, jsonReq('POST', { actor: 'alice' }))).status).toBe(200);

      const served = async () => (await app.request('/api/v1/rules/modsecurity.conf')).text();
      const requests = [
        { uri: `/search?q=${encodeURIComponent("1' UNION SELECT username, password FROM users--")}` },
        { method: 'POST', uri: '/comment', body: `text=${encodeURIComponent('<script>alert(1)</script>')}` },
        { uri: `/search?q=${encodeURIComponent('select a plan')}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
      ];
      expect(await runModsec(await served(), requests)).toEqual([
        { verdict: 'deny', status: 403, ruleId: sqli.id },
        { verdict: 'deny', status: 403, ruleId: xss.id },
        { verdict: 'allow' },
      ]);

      expect((await app.request(`/api/v1/rules/${sqli.id}/rollback`, jsonReq('POST', { actor: 'bob', reason: 'test' }))).status).toBe(200);
      const after = await runModsec(await served(), requests);
      expect(after.map((v) => v.verdict)).toEqual(['allow', 'deny', 'allow']);
    } finally {
      await db.close();
    }
  });

  it('an empty rule set (version 0, header only) loads and allows everything', async () => {
    const { app, db } = await makeApp();
    try {
      const text = await (await app.request('/api/v1/rules/modsecurity.conf')).text();
      expect(await runModsec(text, [{ uri: `/search?q=${encodeURIComponent("' OR '1'='1")}` }])).toEqual([{ verdict: 'allow' }]);
    } finally {
      await db.close();
    }
  });
});
