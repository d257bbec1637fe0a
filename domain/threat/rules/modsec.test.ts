// Proves generated rules on the real engine (libmodsecurity3 through ops/modsec/harness.c):
// they load, deny what verify.ts predicts with the rule's id, and allow benign traffic.
// Needs the harness (test global setup builds it with ops/install-modsecurity.sh): without it
// the suite fails in CI and is skipped, with the reason, on a developer machine.
import { expect, it } from 'vitest';
import { ModsecRulesError, runModsec as runOn, type ModsecRequest } from '../../../runtime/modsec';
import { requires } from '../../../test/support/requires';
import { loadAllBenign } from './corpus.test-support';
import { generateRule } from './generate';
import { exploitFor, GENERATED_AT } from './fixtures';
import { ATTACK_CLASSES } from './types';
import { generateVariants, toWire } from './variants';
import { ruleMatchesValue } from './verify';

const modsec = requires('modsec');
const runModsec = (text: string, requests: readonly ModsecRequest[]) => runOn(text, requests, { harness: modsec.path });
const rules = ATTACK_CLASSES.map((c) => generateRule(exploitFor(c), { generatedAt: GENERATED_AT }));
const rulesText = rules.map((r) => r.secRule).join('\n');

modsec.describe('generated rules on real libmodsecurity', () => {
  it('load without error, and a broken rule is reported with the parser error', async () => {
    await expect(runModsec(rulesText, [{ uri: '/' }])).resolves.toEqual([{ verdict: 'allow' }]);
    await expect(runModsec('SecRule ARGS "@rx a" "id:9500000,phase:2,bogus:1"', [])).rejects.toThrow(ModsecRulesError);
  });

  it.each(ATTACK_CLASSES)('%s: triggering payloads and variants are denied by the rule id (query, form body, User-Agent)', async (c) => {
    const rule = rules.find((r) => r.attackClass === c)!;
    const requests: ModsecRequest[] = exploitFor(c).payloads.flatMap((p) =>
      generateVariants(p, c).flatMap((v) => [
        { uri: `/search?q=${v.wire}` },
        { method: 'POST', uri: '/login', body: `user=${v.wire}` },
      ]),
    );
    // the header is not URL-decoded by the parser, so the plain payload goes there
    requests.push(...exploitFor(c).payloads.filter((p) => !/[\r\n]/.test(p)).map((p) => ({ uri: '/', userAgent: p })));
    const out = await runModsec(rulesText, requests);
    const wrong = out.flatMap((o, i) => (o.verdict === 'deny' && o.status === 403 && o.ruleId === rule.id ? [] : [{ o, r: requests[i] }]));
    expect(wrong).toEqual([]);
  });

  it('allows benign requests, agreeing with the JS verdict on the whole benign corpus', async () => {
    const handPicked = ["O'Brien", 'select a plan', 'Tom & Jerry', 'The ../ notation means the parent directory', 'a != b', 'x=1; y=2'];
    const out = await runModsec(rulesText, handPicked.map((b) => ({ uri: `/p?q=${toWire(b)}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })));
    expect(out.every((o) => o.verdict === 'allow')).toBe(true);

    const { all } = loadAllBenign();
    const verdicts = await runModsec(rulesText, all.map((b) => ({ method: 'POST', uri: '/p', body: `q=${toWire(b)}` })));
    const disagreements = all.flatMap((value, i) => {
      const js = rules.find((r) => ruleMatchesValue(r, value))?.id;
      const v = verdicts[i];
      const engine = v.verdict === 'deny' ? v.ruleId : undefined;
      return js === engine ? [] : [{ value, js, engine }];
    });
    expect(disagreements).toEqual([]);
    const denied = verdicts.filter((v) => v.verdict === 'deny').length;
    expect(denied / all.length).toBeLessThan(0.001 * rules.length);
  });
});
