// The floor Temporal itself sets: N no-op activities in sequence, for the benchmark.
import { proxyActivities } from '@temporalio/workflow';
import type { BenchActivities } from '../activities/bench';
import { PROFILES } from './activity-profiles';

const bench = proxyActivities<BenchActivities>(PROFILES.record);

export async function bareNoopWorkflow(input: { activities: number }): Promise<number> {
  for (let i = 0; i < input.activities; i++) await bench.noop(i);
  return input.activities;
}
