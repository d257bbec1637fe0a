// What the console's browser suites share: one platform and one page (test/e2e/console.test.ts
// starts them), how to act as someone, call the API directly, scan with axe-core and save a
// screenshot for the README.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = fileURLToPath(new URL('../../../docs/console/', import.meta.url));

export interface Session {
  base: string;
  page: Page;
  /** Whether libmodsecurity proves rules in this run (rule tests need a stored rule). */
  modsec: boolean;
}

/** Sets the "Acting as" name the console sends as requester/approver (auth off). */
export async function actAs(s: Session, name: string) {
  await s.page.getByLabel('Acting as').fill(name);
}

/** A JSON call to the API, as a script would make it; resolves status and body. */
export async function apiCall(s: Session, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Opens a page by its hash route and waits for its heading and the first poll. */
export async function open(s: Session, route: string, heading: string) {
  await s.page.goto(`${s.base}/#/${route}`);
  await s.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** Serious and critical axe-core violations on the current page, as "id (impact, n node(s))". */
export async function axeViolations(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's CSP, which (rightly) refuses injected scripts.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} node(s))`);
  });
}

/** Saves docs/console/<name>.png (the README shows them). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}
