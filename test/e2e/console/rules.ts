// The Rules page: a rule the gatekeeper holds for review appears in the queue without a reload,
// an analyst approves it (applied, a new version of the active set, in the served
// modsecurity.conf), reports a false positive on it and rolls it back. Needs libmodsecurity:
// without it no rule is proven, so none is proposed.
import { expect } from 'vitest';
import { requires } from '../../support/requires';
import { evidenceWithPayload, REVIEW_PAYLOAD } from '../../support/evidence';
import { actAs, apiCall, open, type Session } from './session';

const modsec = requires('modsec');

type RuleRow = { id: number; status: string; provenance: { evidenceIds?: string[] } };

export function ruleTests(session: () => Session) {
  modsec.it('reviews a proposed rule: approve, false-positive report, rollback, each in the history and the served conf', async () => {
    const s = session();
    const { page } = s;
    await open(s, 'rules', 'Rules');
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    expect((await apiCall(s, 'POST', '/api/v1/evidence', ev)).status).toBe(202);
    let ruleId = 0;
    await expect
      .poll(async () => {
        const { rules } = (await apiCall(s, 'GET', '/api/v1/rules?status=proposed')).body as { rules: RuleRow[] };
        ruleId = rules.find((r) => r.provenance.evidenceIds?.includes(ev.id))?.id ?? 0;
        return ruleId;
      }, { timeout: 120_000, interval: 1000 })
      .toBeGreaterThan(0);

    const queued = page.getByRole('list', { name: 'Rules awaiting review' }).locator(`li[data-rule-id="${ruleId}"]`);
    await queued.waitFor({ timeout: 30_000 });
    await actAs(s, 'dana');
    await queued.getByLabel('Reason').fill('matches the incident');
    await queued.getByRole('button', { name: 'Approve' }).click();
    // The review answers once the rule is applied (verified and written): slow on a loaded machine.
    const answer = page.getByRole('status').filter({ hasText: `Rule ${ruleId}` }).or(queued.getByRole('alert'));
    await answer.waitFor({ timeout: 120_000 });
    expect(await answer.textContent()).toBe(`Rule ${ruleId} approved and applied by dana.`);

    const active = page.getByRole('list', { name: 'Applied rules' }).locator(`li[data-rule-id="${ruleId}"]`);
    await active.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('region', { name: /Served modsecurity\.conf/ }).textContent(), { timeout: 30_000 }).toContain(`id:${ruleId}`);
    await expect.poll(() => page.getByRole('region', { name: 'Versions of the active set' }).textContent()).toContain('dana');

    await active.getByLabel('False positive: what was blocked').fill('blocked an invoice upload from the finance desk');
    await active.getByRole('button', { name: 'Report false positive' }).click();
    await page.getByRole('status').filter({ hasText: `False positive recorded on rule ${ruleId}` }).waitFor();

    await active.getByLabel('Rollback reason').fill('CHG-7: blocks invoices');
    await active.getByRole('button', { name: 'Roll back' }).click();
    await page.getByRole('status').filter({ hasText: `Rule ${ruleId} rolled back by dana` }).waitFor();
    await active.waitFor({ state: 'detached', timeout: 30_000 });

    // A second rollback is refused, and the refusal is shown as such, never as a success.
    const again = await apiCall(s, 'POST', `/api/v1/rules/${ruleId}/rollback`, { actor: 'dana', reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { code: 'rule_state_conflict' } });

    const { events } = (await apiCall(s, 'GET', `/api/v1/rules/${ruleId}`)).body as { events: { type: string; actor: string }[] };
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['proposed', 'applied', 'fp_report', 'rolled_back']));
  }, 240_000);
}
