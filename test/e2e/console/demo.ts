// The seed's demo flow from the Timeline's buttons, and an approval by another user on the
// Approvals page after the requester's own attempt is refused with the reason shown.
import { expect, it } from 'vitest';
import { actAs, apiCall, type Session } from './session';

export function demoTests(session: () => Session) {
  it('serves the built console at / with its overview and charts', async () => {
    const { page, base } = session();
    const res = await page.goto(`${base}/`);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await page.getByRole('heading', { name: 'Gate pass rate' }).waitFor();
    await page.getByRole('link', { name: /pending approval/ }).waitFor();
    await page.getByText(/^\d+ open incident/).waitFor();
    await page.getByText(/^\d+ rule\(s\) awaiting review/).waitFor();
  }, 60_000);

  it('runs the seed demo from the Timeline: sample telemetry, hardening cycles, the timeline filling', async () => {
    const s = session();
    const { page } = s;
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByRole('heading', { name: 'Timeline', level: 1 }).waitFor();
    await actAs(s, 'carol');
    await page.getByRole('button', { name: 'Generate sample telemetry' }).click();
    await page.getByRole('status').filter({ hasText: 'Sample telemetry stored for sandbox' }).waitFor();
    const cards = page.locator('li[data-workflow-id^="hardening-cycle:sandbox:"]');
    for (let n = 1; n <= 2; n++) {
      await page.getByRole('button', { name: 'Run hardening cycle' }).click();
      await expect.poll(() => cards.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(n);
      await expect.poll(() => page.getByRole('button', { name: 'Run hardening cycle' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    }
    const card = cards.first();
    await expect.poll(() => card.textContent(), { timeout: 60_000 }).toMatch(/by carol/);
    const steps = card.getByRole('list');
    for (const label of ['Telemetry', 'Decision', 'Policy gate', 'Simulation', 'Approval', 'Execution', 'Verification', 'Reward']) {
      await expect.poll(() => steps.textContent()).toContain(label);
    }
    const link = card.getByRole('link', { name: /Open in Temporal Web UI/ });
    expect(await link.getAttribute('href')).toMatch(/\/namespaces\/default\/workflows\/hardening-cycle%3Asandbox%3A/);
  }, 180_000);

  it('shows a cycle waiting for approval without a reload, and another user approves it after the requester is refused', async () => {
    const s = session();
    const { page } = s;
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    // Started behind the page's back: polling must bring it in.
    const started = await apiCall(s, 'POST', '/api/v1/cycles', { environment: 'prod-payments', requester: 'alice', tags: { change_ticket: 'CHG-1042', owner_approved: 'true' } });
    expect(started.status).toBe(202);
    const { workflowId } = started.body as { workflowId: string };
    const item = page.locator(`li[data-workflow-id="${workflowId}"]`);
    await item.waitFor({ timeout: 60_000 });
    await actAs(s, 'alice');
    await item.getByLabel('Comment').fill('my own change');
    await item.getByRole('button', { name: 'Approve' }).click();
    const refusal = item.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Refused: .*self_approval_refused.*409/);

    await actAs(s, 'bob');
    await item.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: `${workflowId}: approved by bob` }).waitFor();
    await item.waitFor({ state: 'detached', timeout: 30_000 });

    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByLabel('Environment').selectOption('prod-payments');
    const card = page.locator(`li[data-workflow-id="${workflowId}"]`);
    await expect.poll(() => card.textContent(), { timeout: 60_000 }).toMatch(/approved by bob: my own change/);
  }, 180_000);
}
