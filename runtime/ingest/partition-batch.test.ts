// The commit rule without a broker: messages finish out of order, the committed offset is
// always the highest contiguous finished one, a failure commits the prefix before it and starts
// nothing new, and the limiter bounds concurrency. (The integration test runs it against Kafka.)
import { describe, expect, it } from 'vitest';
import { limiter, runPartitionBatch } from './partition-batch';

const msgs = (n: number, from = 100) => Array.from({ length: n }, (_, i) => ({ offset: String(from + i) }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runPartitionBatch', () => {
  it('commits only contiguous prefixes while messages finish out of order', async () => {
    const commits: string[] = [];
    const finishedAtCommit: number[][] = [];
    const finished = new Set<number>();
    // Offset 100 is the slowest: nothing may be committed before it finishes.
    const delay = (o: number) => (o === 100 ? 60 : 5 + ((o * 7) % 11));
    const res = await runPartitionBatch({
      messages: msgs(12),
      run: limiter(4),
      active: () => true,
      commitEvery: 3,
      handle: async (m) => {
        await sleep(delay(Number(m.offset)));
        finished.add(Number(m.offset));
      },
      commit: async (next) => {
        commits.push(next);
        finishedAtCommit.push([...finished]);
      },
    });
    expect(res).toEqual({ finished: 12, committed: '112' });
    expect(commits.at(-1)).toBe('112');
    commits.forEach((next, k) => {
      // Every offset below the committed one had finished when it was committed.
      for (let o = 100; o < Number(next); o++) expect(finishedAtCommit[k]).toContain(o);
    });
    expect(commits.map(Number)).toEqual([...commits.map(Number)].sort((a, b) => a - b));
  });

  it('on a failure commits the prefix before it, starts nothing new, and rethrows', async () => {
    const started: number[] = [];
    const commits: string[] = [];
    const boom = new Error('temporal unavailable');
    await expect(
      runPartitionBatch({
        messages: msgs(20),
        run: limiter(2),
        active: () => true,
        commitEvery: 100,
        handle: async (m) => {
          started.push(Number(m.offset));
          await sleep(5);
          if (m.offset === '105') throw boom;
        },
        commit: async (next) => void commits.push(next),
      }),
    ).rejects.toBe(boom);
    expect(commits).toEqual(['105']);
    // At most the in-flight neighbour of the failed one started after it; the rest never did.
    expect(Math.max(...started)).toBeLessThanOrEqual(106);
  });

  it('a poison message handled (dead-lettered) in the middle does not hold the commit back', async () => {
    const commits: string[] = [];
    const deadLettered: string[] = [];
    await runPartitionBatch({
      messages: msgs(5),
      run: limiter(8),
      active: () => true,
      commitEvery: 1,
      handle: async (m) => {
        if (m.offset === '102') deadLettered.push(m.offset);
        await sleep(1);
      },
      commit: async (next) => void commits.push(next),
    });
    expect(deadLettered).toEqual(['102']);
    expect(commits.at(-1)).toBe('105');
  });

  it('stops starting handlers once inactive and commits what finished', async () => {
    let active = true;
    const commits: string[] = [];
    const res = await runPartitionBatch({
      messages: msgs(10),
      run: limiter(1),
      active: () => active,
      commitEvery: 100,
      handle: async (m) => {
        if (m.offset === '102') active = false;
        await sleep(1);
      },
      commit: async (next) => void commits.push(next),
    });
    expect(res.finished).toBe(3);
    expect(commits).toEqual(['103']);
  });

  it('the limiter never runs more than its maximum at once, across batches', async () => {
    const run = limiter(3);
    let now = 0;
    let peak = 0;
    const handle = async () => {
      peak = Math.max(peak, ++now);
      await sleep(2);
      now--;
    };
    const batch = (from: number) => runPartitionBatch({ messages: msgs(15, from), run, active: () => true, commitEvery: 5, handle, commit: async () => undefined });
    await Promise.all([batch(0), batch(1000)]);
    expect(peak).toBe(3);
  });
});
