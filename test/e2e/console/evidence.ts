// The Evidence page: evidence submitted through the API appears, is found by verdict, and opens
// with its explanation, the sandbox's findings per payload and the HTML report.
import { expect, it } from 'vitest';
import { attackEvidence, benignEvidence } from '../../support/evidence';
import { apiCall, open, type Session } from './session';

export function evidenceTests(session: () => Session) {
  it('finds analysed evidence by verdict and shows its explanation, findings per payload and the HTML report', async () => {
    const s = session();
    const { page } = s;
    const attack = attackEvidence();
    const benign = benignEvidence();
    for (const ev of [attack, benign]) expect((await apiCall(s, 'POST', '/api/v1/evidence', ev)).status).toBe(202);
    await expect
      .poll(async () => ((await apiCall(s, 'GET', `/api/v1/evidence/${attack.id}`)).body as { evidence: { outcome: string | null } }).evidence.outcome, { timeout: 120_000, interval: 1000 })
      .not.toBeNull();

    await open(s, 'evidence', 'Evidence');
    const rows = page.getByRole('table').first().locator('tbody tr');
    await page.getByLabel('Verdict').selectOption('simulate');
    await expect.poll(async () => (await rows.allTextContents()).join('\n'), { timeout: 30_000 }).toContain(attack.id);
    expect((await rows.allTextContents()).join('\n')).not.toContain(benign.id);
    await page.getByLabel('Verdict').selectOption('benign');
    await expect.poll(async () => (await rows.allTextContents()).join('\n'), { timeout: 30_000 }).not.toContain(attack.id);

    await page.getByLabel('Verdict').selectOption('simulate');
    await page.getByRole('button', { name: attack.id }).click();
    const detail = page.getByRole('region', { name: `Evidence ${attack.id}` });
    await detail.getByText(/confidence \d/).first().waitFor();
    await detail.getByRole('heading', { name: 'Per attack class' }).waitFor();
    expect(await detail.textContent()).toMatch(/sql_injection/);
    const findings = detail.getByRole('table', { name: "The sandbox's findings per payload" });
    await expect.poll(() => findings.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    await detail.getByRole('button', { name: 'Show the HTML report' }).click();
    const frame = page.frameLocator(`iframe[title="HTML report of evidence ${attack.id}"]`);
    await frame.getByText(attack.id).first().waitFor();
  }, 240_000);

  it('shows a failed search in words: an unknown evidence report answers 404 evidence_not_found', async () => {
    const s = session();
    const res = await apiCall(s, 'GET', '/api/v1/evidence/none-such/report');
    expect(res).toMatchObject({ status: 404, body: { code: 'evidence_not_found' } });
  });
}
