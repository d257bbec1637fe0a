// One soak run: a burst of hardening cycles and evidence analyses through the API (tokens on),
// worker processes SIGKILLed and restarted every few seconds, the Temporal server restarted once
// mid-burst; then the checks of checks.ts. Requests that meet the outage are retried (only
// answers of 202/200 count as accepted, and only accepted work must complete).
import { randomUUID } from 'node:crypto';
import { Connection, Client } from '@temporalio/client';
import { createDb } from '../../db/client';
import { TokenStore } from '../../runtime/auth/token-store';
import { checkSoak, type SoakReport } from './checks';
import { startStack } from './stack';

export interface SoakOptions {
  databaseUrl: string;
  temporalCliPath: string;
  dataDir: string;
  cycles: number;
  analyses: number;
  workers?: number;
  /** Mean interval between worker kills. */
  killEveryMs?: number;
  /** At most this many kills (default: until the work is done). */
  maxKills?: number;
  restartTemporal?: boolean;
  /** How long accepted work may take to finish after the burst. */
  settleTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface SoakResult extends SoakReport {
  /** Cycles that waited for an approver and were approved by the soak's second token. */
  approved: number;
  kills: number;
  temporalRestarts: number;
  retriedRequests: number;
  wallSeconds: number;
}

const CYCLE_ENVIRONMENTS = ['sandbox', 'stage-platform', 'ci-supply-chain', 'incident-response'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An attack (SQL injection, so a rule may be generated) or a plain browsing session. */
function evidence(i: number) {
  const id = `soak-${i}-${randomUUID().slice(0, 8)}`;
  const t0 = Date.UTC(2026, 10, 1, 3, 0, 0) + i * 10_000;
  const attack = i % 2 === 0;
  return {
    id,
    source: 'api',
    requests: Array.from({ length: 4 }, (_, k) => ({
      method: 'GET',
      path: '/products',
      query: { id: attack ? (k % 2 ? "1' OR '1'='1' --" : '1 UNION SELECT username, password FROM users--') : String(100 + k) },
      headers: { 'user-agent': attack ? 'sqlmap/1.7' : 'Mozilla/5.0' },
      timestamp: t0 + k * (attack ? 150 : 4000),
      clientIp: attack ? '203.0.113.7' : '198.51.100.20',
      statusCode: attack ? 500 : 200,
    })),
  };
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const stack = await startStack({ databaseUrl: opts.databaseUrl, temporalCliPath: opts.temporalCliPath, dataDir: opts.dataDir, workers: opts.workers ?? 2, log });
  const db = await createDb({ databaseUrl: opts.databaseUrl, maxConnections: 2 });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  let settled = false;
  try {
    const { token } = await new TokenStore(db.db).create({ role: 'operator', name: 'soak' });
    // Some changes wait for a human (permission removals without an owner_approved tag): a
    // second person approves them, as an approver would from the inbox.
    const approver = (await new TokenStore(db.db).create({ role: 'approver', name: 'soak-approver' })).token;
    let approved = 0;
    const approvePending = async () => {
      const res = await fetch(`${stack.api}/api/v1/approvals`, { headers: { authorization: `Bearer ${approver}` } }).catch(() => undefined);
      if (!res?.ok) return;
      for (const { workflowId } of (await res.json()) as { workflowId: string }[]) {
        const done = await fetch(`${stack.api}/api/v1/cycles/${encodeURIComponent(workflowId)}/approve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${approver}` },
          body: JSON.stringify({ comment: 'soak' }),
        }).catch(() => undefined);
        if (done?.ok) approved++;
      }
    };
    let retried = 0;
    const post = async (path: string, body: unknown): Promise<{ workflowId: string } | undefined> => {
      for (let attempt = 1; attempt <= 60; attempt++) {
        const res = await fetch(`${stack.api}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        }).catch(() => undefined);
        if (res && (res.status === 202 || res.status === 200)) return (await res.json()) as { workflowId: string };
        if (res && res.status < 500) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
        retried++;
        await sleep(Math.min(500 * attempt, 3000));
      }
      return undefined;
    };
    const accepted = { cycles: [] as string[], analyses: [] as string[] };
    const jobs = [
      // Spread over the non-prod samples: a prod cycle would wait for a human approver.
      ...Array.from({ length: opts.cycles }, (_, i) => async () => {
        const r = await post('/api/v1/cycles', { environment: CYCLE_ENVIRONMENTS[i % CYCLE_ENVIRONMENTS.length] });
        if (r) accepted.cycles.push(r.workflowId);
      }),
      ...Array.from({ length: opts.analyses }, (_, i) => async () => {
        const r = await post('/api/v1/evidence', evidence(i));
        if (r) accepted.analyses.push(r.workflowId);
      }),
    ].sort(() => Math.random() - 0.5);
    const total = jobs.length;

    let kills = 0;
    let restarts = 0;
    let restartClaimed = false; // set before the restart is awaited, so it happens once
    let sent = 0;
    // Kills go on while accepted work is still running, not only while requests are sent.
    const chaos = (async () => {
      while (!settled && (opts.maxKills === undefined || kills < opts.maxKills)) {
        await sleep((opts.killEveryMs ?? 4000) * (0.5 + Math.random()));
        if (settled) break;
        const i = Math.floor(Math.random() * (opts.workers ?? 2));
        log(`SIGKILL worker ${i} (${sent}/${total} sent)`);
        await stack.killWorker(i);
        kills++;
        if (opts.restartTemporal && !restartClaimed && sent >= total / 2) {
          restartClaimed = true;
          log('restarting the Temporal server');
          await stack.restartTemporal();
          restarts++;
        }
      }
    })();
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          await job();
          sent++;
        }
      }),
    );
    log(`burst sent: ${accepted.cycles.length} cycles, ${accepted.analyses.length} analyses accepted`);
    if (opts.restartTemporal && !restartClaimed) {
      restartClaimed = true;
      log('restarting the Temporal server (burst already sent; workflows in flight)');
      await stack.restartTemporal();
      restarts++;
    }
    // Settle: every accepted workflow closed (or the timeout).
    const ids = [...accepted.cycles, ...accepted.analyses];
    const deadline = Date.now() + (opts.settleTimeoutMs ?? 15 * 60_000);
    for (let open = ids.length; open > 0 && Date.now() < deadline; ) {
      let still = 0;
      for (let i = 0; i < ids.length; i += 25) {
        const states = await Promise.all(ids.slice(i, i + 25).map((id) => client.workflow.getHandle(id).describe().then((d) => d.status.name, () => 'UNKNOWN')));
        still += states.filter((s) => s === 'RUNNING' || s === 'UNKNOWN').length;
      }
      open = still;
      if (open) {
        await approvePending();
        log(`${open} workflow(s) still running`);
        await sleep(3000);
      }
    }
    settled = true;
    await chaos;
    const report = await checkSoak(db.db, client, accepted);
    if (accepted.cycles.length + accepted.analyses.length < total) report.problems.push(`${total - accepted.cycles.length - accepted.analyses.length} request(s) never accepted`);
    return { ...report, approved, kills, temporalRestarts: restarts, retriedRequests: retried, wallSeconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    settled = true;
    await connection.close().catch(() => undefined);
    await db.close();
    await stack.stop();
  }
}
