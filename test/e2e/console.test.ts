// The operator console in real headless Chromium (Debian's package, driven by playwright-core
// through executablePath; nothing downloads a browser) against `bulwark start` on free ports.
// One platform and one page for every flow (test/e2e/console/*.ts), in order: the seed's demo,
// approvals, evidence, rules, the remaining pages, and last the axe-core scan with screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../support/ports';
import { startPlatform, type Platform } from '../support/platform';
import { requires } from '../support/requires';
import { axeTests } from './console/axe';
import { demoTests } from './console/demo';
import { evidenceTests } from './console/evidence';
import { incidentTests } from './console/incidents';
import { modelTests } from './console/models';
import { operationsTests, scheduleTests } from './console/operations';
import { ruleTests } from './console/rules';
import type { Session } from './console/session';

const browserBinary = requires('chromium');
const modsec = requires('modsec');

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-console-'));
let platform: Platform | undefined;
let browser: Browser | undefined;
let page: Page;
const session = (): Session => ({ base: platform!.base, page, modsec: modsec.available });

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
  }, 360_000); // the platform's start: ~40 s alone, minutes on a loaded machine
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  demoTests(session);
  evidenceTests(session);
  ruleTests(session);
  incidentTests(session);
  scheduleTests(session);
  modelTests(session);
  operationsTests(session);
  axeTests(session);
});
