// One partition's batch, without a barrier between chunks: every message is handed to the
// shared in-flight limiter at once (the limiter, not the batch, bounds concurrency), messages
// finish in any order, and the offset committed is always that of the highest message whose
// predecessors have all finished (the contiguous prefix). A message counts as finished when its
// handler resolved: its analysis start acknowledged by Temporal, or its dead letter
// acknowledged by the broker. The first handler failure stops new handlers from starting; the
// prefix before it is committed and the failure is rethrown, so Kafka redelivers the rest.

/** A counting semaphore: `run` waits for a free slot. Shared by all partitions of a consumer. */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export function limiter(max: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export interface PartitionBatch<M extends { offset: string }> {
  messages: M[];
  /** Resolves once the message is done with (started or dead-lettered); rejects for a retry. */
  handle(m: M): Promise<void>;
  run: Limiter;
  /** Commits `offset` (the next offset to read, i.e. last finished + 1, as Kafka counts). */
  commit(offset: string): Promise<void>;
  /** False once the consumer stops or the partition was reassigned: no new handler starts. */
  active(): boolean;
  /** Commit after this many newly finished messages (and at the end). */
  commitEvery: number;
}

export interface PartitionBatchResult {
  /** Messages finished, counted from the start of the batch (contiguous). */
  finished: number;
  /** Offset last committed, if any. */
  committed?: string;
}

/**
 * Runs a partition batch (see the file comment). Resolves when every started handler settled
 * and the contiguous prefix is committed; rejects with the first handler failure after
 * committing the prefix before it. Messages never started (stop, reassignment, failure) are
 * left uncommitted and come again.
 */
export async function runPartitionBatch<M extends { offset: string }>(b: PartitionBatch<M>): Promise<PartitionBatchResult> {
  const n = b.messages.length;
  const done = new Uint8Array(n);
  let prefix = 0; // messages[0..prefix) are finished
  let committedAt = 0;
  let committed: string | undefined;
  let failure: { err: unknown } | undefined;
  let wake: (() => void) | undefined;

  const settled = Promise.all(
    b.messages.map((m, i) =>
      b
        .run(async () => {
          if (failure || !b.active()) return false;
          try {
            await b.handle(m);
          } catch (err) {
            // Recorded before the slot is released, so no waiting handler starts after it.
            failure ??= { err };
            throw err;
          }
          return true;
        })
        .then(
          (ok) => {
            if (!ok) return;
            done[i] = 1;
            while (prefix < n && done[prefix]) prefix++;
            wake?.();
          },
          () => wake?.(),
        ),
    ),
  );

  const commitPrefix = async () => {
    if (prefix <= committedAt) return;
    const upTo = prefix;
    committed = (BigInt(b.messages[upTo - 1].offset) + 1n).toString();
    await b.commit(committed);
    committedAt = upTo;
  };

  let finished = false;
  void settled.then(() => {
    finished = true;
    wake?.();
  });
  while (!finished) {
    await new Promise<void>((r) => {
      wake = r;
      // Progress made while the previous commit was in flight must not wait for the next event.
      if (finished || failure || prefix - committedAt >= b.commitEvery) r();
    });
    wake = undefined;
    if (prefix - committedAt >= b.commitEvery) await commitPrefix();
    if (failure) {
      await settled;
      break;
    }
  }
  await commitPrefix();
  if (failure) throw failure.err;
  return { finished: prefix, ...(committed ? { committed } : {}) };
}
