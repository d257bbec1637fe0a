// The operator console in real headless Chromium (Debian's package, driven by playwright-core
// through executablePath; nothing downloads a browser) against `bulwark start` on free ports:
// the seed's demo flow from the Timeline's buttons, then an approval by another user on the
// Approvals page after the requester's own attempt is refused with the reason shown.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../support/ports';
import { startPlatform, type Platform } from '../support/platform';
import { requires } from '../support/requires';

const browserBinary = requires('chromium');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const modsec = requires('modsec');

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-console-'));
let platform: Platform | undefined;
let browser: Browser | undefined;
let page: Page;

/** Sets the "Acting as" name the console sends as requester/approver. */
async function actAs(name: string) {
  await page.getByLabel('Acting as').fill(name);
}

browserBinary.describe('the operator console in headless Chromium', () => {
  beforeAll(async () => {
    const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort() };
    platform = await startPlatform({
      dataDir,
      ports,
      env: { ...(modsec.available ? { MODSEC_HARNESS: modsec.path } : {}), CYCLE_RUN_WAIT_SECONDS: '20' },
    });
    browser = await chromium.launch({ executablePath: browserBinary.path, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    page.setDefaultTimeout(30_000);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the built console at / with its overview and charts', async () => {
    const res = await page.goto(`${platform!.base}/`);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await page.getByRole('heading', { name: 'Gate pass rate' }).waitFor();
    await page.getByRole('link', { name: /pending approval/ }).waitFor();
    await page.getByText(/^\d+ open incident/).waitFor();
    await page.getByText(/^\d+ rule\(s\) awaiting review/).waitFor();
  }, 60_000);

  it('runs the seed demo from the Timeline: sample telemetry, a hardening cycle, the cycle listed with its steps', async () => {
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByRole('heading', { name: 'Timeline', level: 1 }).waitFor();
    await actAs('carol');
    await page.getByRole('button', { name: 'Generate sample telemetry' }).click();
    await page.getByRole('status').filter({ hasText: 'Sample telemetry stored for sandbox' }).waitFor();
    await page.getByRole('button', { name: 'Run hardening cycle' }).click();
    const card = page.locator('li[data-workflow-id^="hardening-cycle:sandbox:"]').first();
    await card.waitFor({ timeout: 60_000 });
    await expect.poll(() => card.textContent(), { timeout: 60_000 }).toMatch(/by carol/);
    const steps = card.getByRole('list');
    for (const label of ['Telemetry', 'Decision', 'Policy gate', 'Simulation', 'Approval', 'Execution', 'Verification', 'Reward']) {
      await expect.poll(() => steps.textContent()).toContain(label);
    }
    const link = card.getByRole('link', { name: /Open in Temporal Web UI/ });
    expect(await link.getAttribute('href')).toMatch(/\/namespaces\/default\/workflows\/hardening-cycle%3Asandbox%3A/);
  }, 120_000);

  it('approves a pending prod change as another user after refusing the requester herself', async () => {
    const started = await fetch(`${platform!.base}/api/v1/cycles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ environment: 'prod-payments', requester: 'alice', tags: { change_ticket: 'CHG-1042', owner_approved: 'true' } }),
    });
    expect(started.status).toBe(202);
    const { workflowId } = (await started.json()) as { workflowId: string };

    await page.getByRole('link', { name: 'Approvals' }).click();
    const item = page.locator(`li[data-workflow-id="${workflowId}"]`);
    await item.waitFor({ timeout: 60_000 });
    await actAs('alice');
    await item.getByLabel('Comment').fill('my own change');
    await item.getByRole('button', { name: 'Approve' }).click();
    const refusal = item.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Refused: .*self_approval_refused.*409/);

    await actAs('bob');
    await item.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: `${workflowId}: approved by bob` }).waitFor();
    await item.waitFor({ state: 'detached', timeout: 30_000 });

    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByLabel('Environment').selectOption('prod-payments');
    const card = page.locator(`li[data-workflow-id="${workflowId}"]`);
    await expect.poll(() => card.textContent(), { timeout: 60_000 }).toMatch(/approved by bob: my own change/);
  }, 180_000);

  it('has no serious or critical axe-core violations on any page', async () => {
    for (const route of ['overview', 'timeline', 'approvals']) {
      await page.goto(`${platform!.base}/#/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForTimeout(1500); // first poll answered
      // evaluate() runs outside the page's CSP, which (rightly) refuses injected scripts.
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} node(s))`);
      });
      expect(violations, route).toEqual([]);
    }
  }, 120_000);
});
