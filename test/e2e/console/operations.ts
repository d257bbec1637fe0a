// The Schedules page (create, pause with a note, unpause, trigger, delete behind a confirmation)
// and the Operations page (each component's health; the panic button only after its dialog).
import { expect, it } from 'vitest';
import { actAs, apiCall, open, type Session } from './session';

export function scheduleTests(session: () => Session) {
  it('creates, pauses, unpauses, triggers and deletes a hardening schedule', async () => {
    const s = session();
    const { page } = s;
    await open(s, 'schedules', 'Schedules');
    await actAs(s, 'gina');
    const form = page.getByRole('form', { name: 'Create a hardening schedule' });
    await form.getByLabel('Seconds between cycles').fill('3600');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    await form.getByRole('status').filter({ hasText: 'created' }).waitFor({ timeout: 30_000 });
    const item = page.locator('li[data-schedule-id="hardening-schedule:sandbox"]');
    await expect.poll(() => item.textContent(), { timeout: 30_000 }).toMatch(/every 3600 s · active.* · created by gina/);

    // The same schedule twice is refused in the API's words.
    await form.getByRole('button', { name: 'Create schedule' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/Create schedule failed: .*schedule_exists.*409/);

    await item.getByLabel('Note').fill('maintenance CHG-9');
    await item.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => item.textContent(), { timeout: 30_000 }).toMatch(/paused \(maintenance CHG-9\)/);
    await item.getByRole('button', { name: 'Unpause' }).click();
    await expect.poll(() => item.textContent(), { timeout: 30_000 }).toMatch(/· active/);

    await item.getByRole('button', { name: 'Trigger now' }).click();
    await item.getByRole('status').filter({ hasText: 'triggered' }).waitFor();
    await expect.poll(() => item.textContent(), { timeout: 60_000 }).toMatch(/recent: hardening-cycle:sandbox:/);

    await item.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete hardening-schedule:sandbox?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await apiCall(s, 'GET', '/api/v1/schedules/hardening-schedule:sandbox')).status).toBe(200);
    await item.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete schedule' }).click();
    await item.waitFor({ state: 'detached', timeout: 30_000 });
    expect((await apiCall(s, 'GET', '/api/v1/schedules/hardening-schedule:sandbox')).status).toBe(404);
  }, 180_000);
}

export function operationsTests(session: () => Session) {
  it('shows the health of each component and fires the panic button only after its confirmation', async () => {
    const s = session();
    const { page } = s;
    await open(s, 'operations', 'Operations');
    const components = page.getByRole('list', { name: 'Components' });
    for (const name of ['Database', 'Temporal', 'Model server', 'Sandbox audit chain']) {
      await expect.poll(() => components.locator(`li[data-component="${name}"]`).textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^${name}ok`));
    }
    const before = ((await apiCall(s, 'GET', '/api/v1/sentinel/sandbox/audit-log?limit=1000')).body as { entries: unknown[] }).entries.length;
    await page.getByRole('button', { name: 'Panic: destroy all sandboxes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Destroy every running sandbox?' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Panic: destroy all sandboxes' }).click();
    await dialog.getByRole('button', { name: 'Destroy all sandboxes' }).click();
    await page.getByRole('status').filter({ hasText: /^Panic: \d+ running sandbox\(es\) destroyed/ }).waitFor();
    const after = ((await apiCall(s, 'GET', '/api/v1/sentinel/sandbox/audit-log?limit=1000')).body as { entries: unknown[] }).entries.length;
    expect(after).toBeGreaterThan(before);
  }, 90_000);
}
