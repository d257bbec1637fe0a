// The Models page: the registry (empty on a fresh install: the committed classifier serves) and a
// gated retraining started from the page, its run listed with the outcome the workflow recorded.
import { expect, it } from 'vitest';
import { actAs, open, type Session } from './session';

export function modelTests(session: () => Session) {
  it('lists the registry and starts a gated retraining whose run appears with its outcome', async () => {
    const s = session();
    const { page } = s;
    await open(s, 'models', 'Models');
    await page.getByRole('heading', { name: 'Registry' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Registry' }).textContent(), { timeout: 30_000 }).toMatch(/No model is registered yet|pc-/);
    await actAs(s, 'hana');
    await page.getByRole('button', { name: 'Start a gated retraining' }).click();
    await page.getByRole('status').filter({ hasText: /^Gated retraining queued: / }).waitFor();
    const runs = page.getByRole('region', { name: 'Retraining runs' }).locator('tbody tr');
    await expect.poll(async () => (await runs.allTextContents()).join('\n'), { timeout: 120_000 }).toMatch(/hana \(api\)(registered|gates_failed|insufficient_data|failed)/);
  }, 180_000);
}
