// Test doubles for the API tests. `throwingTemporal` proves a request never reached Temporal;
// `FakeTemporal` mimics the slice of @temporalio/client the API uses, raising the SAME error
// classes the real client raises, so the error mapping is exercised. Real-Temporal coverage
// lives in the lead's end-to-end tests.
import { readFileSync } from 'node:fs';
import {
  ApplicationFailure,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { createDb, type DbHandle } from '../db/client';
import { upsertEnvironment } from '../repo/hardening/environments';
import { checkApprover, type CycleStatus, type HardeningCycleInput } from '../workflows/hardening/hardening-cycle.defs';
import { createApp, type ApiServices } from './app';

export const SANDBOX_YAML = readFileSync(new URL('../environments/sandbox.yaml', import.meta.url), 'utf8');

export const TEST_CONFIG: ApiServices['config'] = {
  MAX_BODY_BYTES: 64 * 1024,
  CYCLE_RUN_WAIT_SECONDS: 0,
  EXECUTOR_MODE: 'sandbox',
  APPROVAL_TIMEOUT: '30m',
  RULE_REVIEW_TIMEOUT: '30m',
  TEMPORAL_NAMESPACE: 'default',
};

/** A Temporal client whose every property access fails the request (and is recorded). */
export function throwingTemporal(): Client & { touched: string[] } {
  const touched: string[] = [];
  return new Proxy({} as Client & { touched: string[] }, {
    get(_t, prop) {
      if (prop === 'touched') return touched;
      touched.push(String(prop));
      throw new Error(`Temporal must not be used here (temporal.${String(prop)})`);
    },
  });
}

export async function openTestDb(): Promise<DbHandle> {
  const handle = await createDb({ pglitePath: 'memory://' });
  await upsertEnvironment(handle.db, SANDBOX_YAML);
  return handle;
}

const TABLES = ['environments', 'telemetry', 'cycles', 'states', 'decisions', 'policy_decisions', 'simulations', 'approvals', 'executions', 'verifications', 'rewards', 'evidence', 'verdicts', 'waf_rules', 'waf_rule_events', 'waf_ruleset_versions'];

/** Row counts of every table plus the environments' mutable columns: equal snapshots ⇒ nothing written. */
export async function dbSnapshot(h: DbHandle): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = (await h.execute(`select count(*)::int as n from ${t}`))[0].n;
  out.envState = await h.execute('select name, cycle_seq, controls_version, updated_at from environments order by name');
  return out;
}

export function jsonReq(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

interface FakeWorkflow {
  id: string;
  runId: string;
  input: HardeningCycleInput;
  options: Record<string, unknown>;
  status: CycleStatus;
  running: boolean;
  /** Set by handle.cancel(); the fake has no worker, so a test closes the run itself. */
  cancelRequested?: boolean;
  result?: unknown;
}

interface FakeSchedule {
  options: Record<string, unknown> & { scheduleId: string };
  paused: boolean;
  note?: string;
  triggers: number;
}

/** In-memory stand-in for the parts of `Client` the API calls. */
export class FakeTemporal {
  workflows = new Map<string, FakeWorkflow>();
  schedules = new Map<string, FakeSchedule>();
  starts: Record<string, unknown>[] = [];
  /** Called after each start: tests make the cycle await approval, finish, etc. */
  onStart: (wf: FakeWorkflow) => void = () => {};
  private runs = 0;

  client(): Client {
    const passthrough = <R>(_: unknown, fn: () => Promise<R>) => fn();
    return {
      withDeadline: passthrough,
      withAbortSignal: passthrough,
      connection: { withDeadline: passthrough },
      workflowService: { getSystemInfo: async () => ({}) },
      workflow: {
        start: (type: string, opts: Record<string, unknown>) => this.start(type, opts),
        getHandle: (id: string) => this.handle(id),
      },
      schedule: {
        create: async (opts: FakeSchedule['options']) => this.createSchedule(opts),
        getHandle: (id: string) => this.scheduleHandle(id),
        list: () => this.listSchedules(),
      },
    } as unknown as Client;
  }

  private async start(type: string, opts: Record<string, unknown>) {
    const id = opts.workflowId as string;
    const existing = this.workflows.get(id);
    if (existing) {
      if (existing.running && opts.workflowIdConflictPolicy === 'USE_EXISTING') {
        return { ...this.handle(id), firstExecutionRunId: existing.runId };
      }
      throw new WorkflowExecutionAlreadyStartedError('Workflow execution already started', id, type);
    }
    const input = (opts.args as [HardeningCycleInput])[0];
    const wf: FakeWorkflow = {
      id,
      runId: `run-${++this.runs}`,
      input,
      options: { ...opts, workflowType: type },
      running: true,
      status: { workflowId: id, environment: input.environment, requester: input.requester, stage: 'snapshot', awaitingApproval: false, compensated: [] },
    };
    this.workflows.set(id, wf);
    this.starts.push(wf.options);
    this.onStart(wf);
    return { ...this.handle(id), firstExecutionRunId: wf.runId };
  }

  private must(id: string): FakeWorkflow {
    const wf = this.workflows.get(id);
    if (!wf) throw new WorkflowNotFoundError('workflow not found', id, undefined);
    return wf;
  }

  private handle(id: string) {
    return {
      workflowId: id,
      describe: async () => {
        const wf = this.must(id);
        const closed = wf.cancelRequested ? 'CANCELLED' : 'COMPLETED';
        return { runId: wf.runId, status: { name: wf.running ? 'RUNNING' : closed }, startTime: new Date(0), historyLength: 5, memo: wf.options.memo };
      },
      query: async () => this.must(id).status,
      // Like the server: repeating a cancel is accepted; a closed run is "not found".
      cancel: async () => {
        const wf = this.must(id);
        if (!wf.running) throw new WorkflowNotFoundError('workflow execution already completed', id, undefined);
        wf.cancelRequested = true;
      },
      // A pending cycle never resolves; the API must give up on its own timer.
      result: () => (this.must(id).result !== undefined ? Promise.resolve(this.must(id).result) : new Promise(() => {})),
      executeUpdate: async (def: { name: string }, opts: { args: [{ approver: string; comment?: string }] }) => {
        const wf = this.must(id);
        // Temporal answers "not found" for updates to a closed workflow.
        if (!wf.running) throw new WorkflowNotFoundError('workflow execution already completed', id, undefined);
        // Incident updates (resolve, escalate, extend): accepted as the workflow would while holding.
        if (def.name !== 'approve' && def.name !== 'reject') return { accepted: def.name };
        try {
          checkApprover(wf.status, opts.args[0]);
        } catch (err) {
          // The validators throw typed failures; Temporal hands them to the client as the cause.
          const cause = err instanceof ApplicationFailure ? err : ApplicationFailure.create({ message: (err as Error).message });
          throw new WorkflowUpdateFailedError('Workflow Update failed', cause);
        }
        const record = { ...opts.args[0], decision: def.name === 'approve' ? ('approved' as const) : ('rejected' as const) };
        Object.assign(wf.status, { approval: record, awaitingApproval: false, stage: 'execute' });
        return record;
      },
    };
  }

  private createSchedule(opts: FakeSchedule['options']) {
    if (this.schedules.has(opts.scheduleId)) throw new ScheduleAlreadyRunning('Schedule already exists and is running', opts.scheduleId);
    const state = (opts.state ?? {}) as { paused?: boolean; note?: string };
    this.schedules.set(opts.scheduleId, { options: opts, paused: !!state.paused, note: state.note, triggers: 0 });
    return this.scheduleHandle(opts.scheduleId);
  }

  private mustSchedule(id: string): FakeSchedule {
    const s = this.schedules.get(id);
    if (!s) throw new ScheduleNotFoundError('schedule not found', id);
    return s;
  }

  private summary(id: string) {
    const s = this.mustSchedule(id);
    const spec = s.options.spec as { intervals?: { every: string }[] };
    return {
      scheduleId: id,
      spec: spec.intervals ? { intervals: spec.intervals.map((i) => ({ every: parseInt(i.every, 10) * 1000, offset: 0 })) } : { calendars: [] },
      memo: s.options.memo,
      state: { paused: s.paused, note: s.note },
      info: { nextActionTimes: [new Date(60_000)], recentActions: [] },
    };
  }

  private scheduleHandle(id: string) {
    return {
      scheduleId: id,
      describe: async () => this.summary(id),
      pause: async (note?: string) => Object.assign(this.mustSchedule(id), { paused: true, note }),
      unpause: async (note?: string) => Object.assign(this.mustSchedule(id), { paused: false, note }),
      trigger: async () => void this.mustSchedule(id).triggers++,
      delete: async () => void (this.mustSchedule(id) && this.schedules.delete(id)),
    };
  }

  private async *listSchedules() {
    for (const id of this.schedules.keys()) yield this.summary(id);
  }
}

export async function makeApp(opts: { temporal?: Client; config?: Partial<ApiServices['config']> } = {}) {
  const db = await openTestDb();
  const temporal = opts.temporal ?? throwingTemporal();
  const app = createApp({ db: db.db, temporal, config: { ...TEST_CONFIG, ...opts.config } });
  return { app, db, temporal };
}

