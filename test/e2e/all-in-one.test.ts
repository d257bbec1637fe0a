// Starts the whole platform the way `npm start` does, drives it over HTTP, stops it with
// SIGINT, starts it again on the same data directory and finds everything still there,
// including a cycle that was waiting for approval and a WAF rule waiting for review across
// the restart.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { evidenceWithPayload, REVIEW_PAYLOAD } from '../support/evidence';
import { freePort } from '../support/ports';
import { requires } from '../support/requires';
import { startPlatform, type Platform } from '../support/platform';

// The rule must be proven on libmodsecurity before the gatekeeper may hold it for review.
const modsec = requires('modsec');


const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Runs the CLI to its end; resolves its exit status and stderr (never rejects on a failing run). */
function runBulwark(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/bulwark.mjs', ...args], { cwd: ROOT, env, timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stderr: String(stderr) }),
    );
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-'));
let ports: { api: number; temporal: number; ui: number };

let platform: Platform | undefined;
const startBulwark = async () => {
  platform = await startPlatform({ dataDir, ports, env: { MODSEC_HARNESS: modsec.path, CYCLE_RUN_WAIT_SECONDS: '60' } });
};
const stopPlatform = async () => (platform ? platform.stop() : null);

const api = (path: string, init?: RequestInit) =>
  fetch(`http://127.0.0.1:${ports.api}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
  });

afterAll(async () => {
  await stopPlatform();
  rmSync(dataDir, { recursive: true, force: true });
});

modsec.describe('all-in-one platform', () => {
  it('runs cycles over HTTP and keeps records and in-flight workflows across a restart', async () => {
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort() };
    await startBulwark();
    expect(await (await api('/health')).json()).toMatchObject({ status: 'ok', ruleVerification: { status: 'ok' } });

    // The seed README's calls, as written.
    expect((await api('/telemetry/sample', { method: 'POST', body: '{}' })).status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api('/cycle/run', { method: 'POST', body: JSON.stringify({ environment: 'sandbox' }) });
      // 202: the agent picked a change that waits for an owner's approval.
      expect([200, 202]).toContain(res.status);
      const body: any = await res.json();
      expect(body.workflowId).toMatch(/^hardening-cycle:sandbox:\d{6}$/);
      ids.push(body.workflowId);
    }
    const timeline: any = await (await api('/timeline?limit=50')).json();
    expect(JSON.stringify(timeline)).toContain(ids[2]);
    // One scrape target: our registry (cycles counted by the worker's activities) and the
    // Temporal SDK's worker metrics, merged from its loopback exporter.
    const metrics = await (await api('/metrics')).text();
    expect(metrics).toMatch(/^bulwark_hardening_cycles_started_total\{environment="sandbox",trigger="[^"]+"\} [1-9]/m);
    expect(metrics).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(metrics).not.toContain('# temporal sdk metrics unavailable');

    // Cron through a real Temporal Schedule: create, list, pause, delete.
    const created = await api('/api/v1/schedules', {
      method: 'POST',
      body: JSON.stringify({ environment: 'sandbox', cron: '*/30 * * * *' }),
    });
    expect(created.status).toBe(201);
    const { id: scheduleId } = (await created.json()) as any;
    expect(scheduleId).toBe('hardening-schedule:sandbox');
    const schedules: any = await (await api('/api/v1/schedules')).json();
    expect(JSON.stringify(schedules)).toContain(scheduleId);
    expect((await api(`/api/v1/schedules/${encodeURIComponent(scheduleId)}/pause`, { method: 'POST', body: '{}' })).status).toBe(200);
    const paused: any = await (await api(`/api/v1/schedules/${encodeURIComponent(scheduleId)}`)).json();
    expect(paused.paused).toBe(true);
    expect((await api(`/api/v1/schedules/${encodeURIComponent(scheduleId)}`, { method: 'DELETE' })).status).toBe(204);

    // The Temporal Web UI is up beside the API.
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).ok).toBe(true);

    // A second process on the same data refuses at once, saying who holds it, and writes nothing.
    const env = { ...process.env, BULWARK_DATA_DIR: dataDir, PORT: String(ports.api), TEMPORAL_PORT: String(ports.temporal), TEMPORAL_UI_PORT: String(ports.ui), TEMPORAL_ADDRESS: '', DATABASE_URL: '' };
    for (const args of [['start'], ['telemetry', 'sample', 'sandbox']]) {
      // Async: a blocked event loop would let the server's keep-alive close our pooled socket unseen.
      const second = await runBulwark(args, env);
      expect(second.status, `bulwark ${args.join(' ')}: ${second.stderr}`).toBe(1);
      expect(second.stderr).toMatch(/in use by process \d+ \(bulwark start\)/);
    }
    expect((await api('/health')).ok).toBe(true);

    // A prod change waits for approval; it must survive the restart.
    const started = await api('/api/v1/cycles', {
      method: 'POST',
      body: JSON.stringify({
        environment: 'prod-payments',
        requester: 'alice',
        tags: { change_ticket: 'CHG-1042', owner_approved: 'true' },
      }),
    });
    expect(started.status).toBe(202);
    const { workflowId: pending } = (await started.json()) as any;
    await expect
      .poll(async () => ((await (await api(`/api/v1/cycles/${encodeURIComponent(pending)}`)).json()) as any).status?.stage, { timeout: 30_000 })
      .toBe('awaiting_approval');

    // Captured attack evidence: sandbox, rule, ModSecurity, gatekeeper → held for an analyst.
    const evidenceId = `e2e-${Date.now()}`;
    const submitted = await api('/api/v1/evidence', { method: 'POST', body: JSON.stringify(evidenceWithPayload(REVIEW_PAYLOAD, evidenceId)) });
    expect(submitted.status).toBe(202);
    const evidenceView = async () => (await (await api(`/api/v1/evidence/${evidenceId}`)).json()) as any;
    await expect.poll(async () => (await evidenceView()).workflow?.live?.stage, { timeout: 60_000 }).toBe('review');

    expect(await stopPlatform()).toBe(0);
    await startBulwark();

    // The analysis kept waiting across the restart; an analyst (not the system) approves it.
    const review = (reviewer: string) =>
      api(`/api/v1/evidence/${evidenceId}/review`, { method: 'POST', body: JSON.stringify({ reviewer, decision: 'approve' }) });
    const refused = await review('system');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as any).code).toBe('reviewer_refused');
    const reviewed = await review('carol');
    expect(reviewed.status).toBe(200);
    const [rule] = (await reviewed.json()) as any[];
    expect(rule).toMatchObject({ outcome: 'approved', attackClass: 'command_injection' });
    expect(await (await api('/api/v1/rules/modsecurity.conf')).text()).toContain(`id:${rule.ruleId}`);
    await expect.poll(async () => (await evidenceView()).workflow?.ruleOutcome, { timeout: 30_000 }).toBe('approved');
    expect((await evidenceView()).rules).toMatchObject([{ id: rule.ruleId, status: 'applied', attackClass: 'command_injection' }]);

    const list: any = await (await api('/api/v1/cycles?environment=sandbox&limit=50')).json();
    const listed = JSON.stringify(list);
    for (const id of ids) expect(listed).toContain(id);

    const status: any = await (await api(`/api/v1/cycles/${encodeURIComponent(pending)}`)).json();
    expect(status.status?.stage).toBe('awaiting_approval');
    {
      const approved = await api(`/api/v1/cycles/${encodeURIComponent(pending)}/approve`, {
        method: 'POST',
        body: JSON.stringify({ approver: 'bob' }),
      });
      expect(approved.status).toBe(200);
    }
    await expect
      .poll(async () => ((await (await api(`/api/v1/cycles/${encodeURIComponent(pending)}`)).json()) as any).record?.status, { timeout: 30_000 })
      .toBe('completed');
  }, 240_000);
});
