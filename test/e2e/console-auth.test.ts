// The console with API tokens on (AUTH_REQUIRED=true), in real headless Chromium: nothing shows
// before a login; a bad token is refused in words; a viewer sees every page but the controls
// its role lacks are disabled with the reason; after logging out, an admin's controls work, and
// what the admin does is recorded under the token's name (never the "Acting as" field).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../support/ports';
import { startPlatform, type Platform } from '../support/platform';
import { requires } from '../support/requires';

const browserBinary = requires('chromium');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-console-auth-'));
let platform: Platform | undefined;
let browser: Browser | undefined;
let page: Page;
const tokens: Record<string, string> = {};

browserBinary.describe('the operator console with API tokens on', () => {
  beforeAll(async () => {
    const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), pglite: await freePort() };
    platform = await startPlatform({ dataDir, ports, env: { AUTH_REQUIRED: 'true', CYCLE_RUN_WAIT_SECONDS: '20' } });
    for (const [role, name] of [['viewer', 'vera'], ['admin', 'adam']]) {
      const r = spawnSync(process.execPath, ['bin/bulwark.mjs', 'tokens', 'create', '--role', role, '--name', name], {
        cwd: ROOT,
        env: { ...process.env, BULWARK_DATA_DIR: dataDir, PGLITE_PORT: String(ports.pglite), DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status, `${String(r.error ?? '')} ${r.stderr}`).toBe(0);
      tokens[role] = r.stdout.trim();
    }
    browser = await chromium.launch({ executablePath: browserBinary.path, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    page.setDefaultTimeout(30_000);
  }, 600_000); // the platform's start: ~40 s alone, minutes on a loaded machine
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = async (token: string) => {
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Log in' }).click();
  };

  it('asks for a token first and refuses an unknown one in words', async () => {
    await page.goto(`${platform!.base}/#/overview`);
    await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor();
    await login('not-a-token');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/This API needs a token: token not recognised/);
  }, 60_000);

  it('a viewer sees the pages, with the controls the role lacks disabled and the reason given', async () => {
    await login(tokens.viewer);
    await page.getByText('Signed in as vera (viewer)').waitFor();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Schedules' }).click();
    const create = page.getByRole('button', { name: 'Create schedule' });
    await expect.poll(() => create.isDisabled()).toBe(true);
    expect(await create.getAttribute('title')).toBe('needs the admin role; your token has viewer');
    await page.getByRole('link', { name: 'Timeline' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Run hardening cycle' }).isDisabled()).toBe(true);
    await page.getByRole('link', { name: 'Operations' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Panic: destroy all sandboxes' }).isDisabled()).toBe(true);
  }, 60_000);

  it('after logging out, an admin may act, and the cycle is recorded under the token name', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(tokens.admin);
    await page.getByText('Signed in as adam (admin)').waitFor();
    await page.getByRole('link', { name: 'Schedules' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Create schedule' }).isEnabled()).toBe(true);
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByRole('button', { name: 'Run hardening cycle' }).click();
    const card = page.locator('li[data-workflow-id^="hardening-cycle:sandbox:"]').first();
    await expect.poll(() => card.textContent(), { timeout: 90_000 }).toMatch(/by adam/);
  }, 120_000);
});
