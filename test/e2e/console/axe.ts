// Every page under axe-core (no serious or critical violation), each saved as a screenshot
// under docs/console/ for the README. Runs last, so the pages show the earlier tests' data.
import { expect, it } from 'vitest';
import { axeViolations, screenshot, type Session } from './session';

export const ROUTES = ['overview', 'timeline', 'approvals', 'evidence', 'rules', 'incidents', 'schedules', 'models', 'operations'];

export function axeTests(session: () => Session) {
  it('has no serious or critical axe-core violations on any page (and saves each as a screenshot)', async () => {
    const { page, base } = session();
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const route of ROUTES) {
      await page.goto(`${base}/#/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForTimeout(1500); // first poll answered
      expect(await axeViolations(page), route).toEqual([]);
      await screenshot(page, route);
    }
  }, 180_000);
}
