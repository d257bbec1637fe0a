// Append-only, hash-chained audit log of sandbox lifecycle events. Each entry's hash covers
// its content and the previous entry's hash, so editing, dropping or reordering any entry
// breaks verification from that point on. Sinks only append and read; a Postgres sink can
// implement the same two methods.
import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';

/**
 * abandoned: appended by a sweep for a `create` whose process died before its `destroy` (audit-sweep.ts).
 * auth: an API token created, used on a write, or refused (api/auth/middleware.ts); `sandboxId` is `auth:<token id>`.
 */
export type AuditEventType = 'create' | 'run' | 'destroy' | 'timeout' | 'panic' | 'error' | 'abandoned' | 'auth';

export interface AuditEntry {
  seq: number;
  ts: string;
  type: AuditEventType;
  sandboxId: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
  /** The most recent `limit` entries, oldest first. */
  read(limit: number): Promise<AuditEntry[]>;
  /** True when append failed because another writer already holds that seq (then the entry is rebuilt on the new head). */
  isConflict?(err: unknown): boolean;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, ts, type, sandboxId, detail, prevHash } = entry;
  return createHash('sha256').update(canonicalJson({ seq, ts, type, sandboxId, detail, prevHash })).digest('hex');
}

export type ChainVerdict = { ok: true } | { ok: false; brokenAt: number; reason: string };

/** Checks a contiguous run of entries. `prevHash` of the first is trusted unless `fromGenesis`. */
export function verifyChain(entries: AuditEntry[], { fromGenesis = true } = {}): ChainVerdict {
  let prev: AuditEntry | undefined;
  for (const e of entries) {
    if (prev === undefined) {
      if (fromGenesis && (e.seq !== 1 || e.prevHash !== GENESIS_HASH)) return { ok: false, brokenAt: e.seq, reason: 'chain does not start at genesis' };
    } else {
      if (e.seq !== prev.seq + 1) return { ok: false, brokenAt: e.seq, reason: `sequence gap after ${prev.seq}` };
      if (e.prevHash !== prev.hash) return { ok: false, brokenAt: e.seq, reason: 'prevHash does not match the previous entry' };
    }
    if (entryHash(e) !== e.hash) return { ok: false, brokenAt: e.seq, reason: 'hash does not match the entry content' };
    prev = e;
  }
  return { ok: true };
}

export class MemoryAuditSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  async append(entry: AuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }
  async read(limit: number): Promise<AuditEntry[]> {
    return structuredClone(this.entries.slice(-limit));
  }
}

/** JSON lines, opened in append mode for every write; never rewritten. */
export class JsonlAuditSink implements AuditSink {
  constructor(readonly file: string) {}
  async append(entry: AuditEntry): Promise<void> {
    await appendFile(this.file, JSON.stringify(entry) + '\n', { flag: 'a' });
  }
  async read(limit: number): Promise<AuditEntry[]> {
    let text = '';
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const lines = text.split('\n').filter(Boolean);
    return lines.slice(-limit).map((l) => JSON.parse(l) as AuditEntry);
  }
}

export interface AuditLog {
  record(type: AuditEventType, sandboxId: string, detail?: Record<string, unknown>): Promise<AuditEntry>;
  read(limit: number): Promise<AuditEntry[]>;
  verify(): Promise<ChainVerdict>;
}

/** Appends to the chain's head as the sink sees it: another process may have moved it. */
const APPEND_ATTEMPTS = 5;

/**
 * Serialises this process's appends (one chain, no forks) and resumes from the sink's last
 * entry. When another writer (the API and a worker sharing sandbox_audit) took the position,
 * the sink refuses the duplicate seq; the entry is then rebuilt on the new head and retried.
 */
export function createAuditLog(sink: AuditSink, now: () => Date = () => new Date()): AuditLog {
  let tail: Promise<{ seq: number; hash: string }> | undefined;
  const head = async () => {
    const [last] = await sink.read(1);
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  };
  async function append(prev: { seq: number; hash: string }, type: AuditEventType, sandboxId: string, detail: Record<string, unknown>) {
    for (let attempt = 1; ; attempt++) {
      const body = { seq: prev.seq + 1, ts: now().toISOString(), type, sandboxId, detail, prevHash: prev.hash };
      const entry: AuditEntry = { ...body, hash: entryHash(body) };
      try {
        await sink.append(entry);
        return entry;
      } catch (err) {
        if (attempt >= APPEND_ATTEMPTS || !sink.isConflict?.(err)) throw err;
        prev = await head();
      }
    }
  }
  return {
    record(type, sandboxId, detail = {}) {
      const written = (tail ?? head()).then((prev) => append(prev, type, sandboxId, detail));
      tail = written.then((e) => ({ seq: e.seq, hash: e.hash }), () => head());
      return written;
    },
    read: (limit) => sink.read(limit),
    verify: async () => verifyChain(await sink.read(Number.MAX_SAFE_INTEGER)),
  };
}
