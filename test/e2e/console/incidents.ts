// The Incidents page: open an incident from the form, approve its containment as someone else
// when it asks for approval, then extend, escalate and resolve it while containment holds.
import { expect, it } from 'vitest';
import { actAs, open, type Session } from './session';

export function incidentTests(session: () => Session) {
  it('opens an incident, then extends, escalates and resolves its containment', async () => {
    const s = session();
    const { page } = s;
    await open(s, 'incidents', 'Incidents');
    await actAs(s, 'erin');
    const form = page.getByRole('form', { name: 'Open an incident' });
    await form.getByLabel('Suspects (one kind:id per line)').fill('identity:dev-alice');
    await form.getByRole('button', { name: 'Open incident' }).click();
    const opened = form.getByRole('status');
    await opened.waitFor({ timeout: 60_000 });
    const incidentId = /Incident (\S+) opened/.exec((await opened.textContent()) ?? '')?.[1];
    expect(incidentId).toBeTruthy();
    const item = page.locator(`li[data-incident-id="${incidentId}"]`);
    await item.waitFor();

    const approve = item.getByRole('button', { name: 'Approve containment' });
    const resolve = item.getByRole('button', { name: 'Resolve' });
    await expect.poll(async () => (await approve.count()) + (await resolve.count()), { timeout: 90_000 }).toBeGreaterThan(0);
    if (await approve.count()) {
      await actAs(s, 'frank');
      await approve.click();
      await item.getByRole('status').filter({ hasText: 'containment approved' }).waitFor();
    }
    await resolve.waitFor({ timeout: 90_000 });

    await item.getByLabel('Hold for').fill('48h');
    await item.getByRole('button', { name: 'Extend' }).click();
    await item.getByRole('status').filter({ hasText: 'containment now holds until' }).waitFor();

    await item.getByLabel('Raise severity to').fill('9');
    await item.getByRole('button', { name: 'Escalate' }).click();
    await item.getByRole('status').filter({ hasText: `${incidentId}: escalated` }).waitFor({ timeout: 60_000 });
    await expect.poll(() => item.textContent(), { timeout: 30_000 }).toMatch(/severity 9/);

    // Shortening the hold is refused, and shown as a failure in the API's words.
    await item.getByLabel('Hold for').fill('1m');
    await item.getByRole('button', { name: 'Extend' }).click();
    await expect.poll(() => item.getByRole('alert').textContent()).toMatch(/^Extend failed: .+\(\w+, HTTP 4\d\d\)/);

    await item.getByLabel('Comment').fill('attacker evicted');
    await resolve.click();
    await item.getByRole('status').filter({ hasText: `${incidentId}: resolved` }).waitFor({ timeout: 60_000 });
    await expect.poll(() => item.textContent(), { timeout: 90_000 }).toMatch(/completed, resolved/);
  }, 300_000);
}
