// gatedRetrainingWorkflow's input, result and query. Types only (and the query definition):
// safe in the workflow sandbox, the API and tests.
import { defineQuery } from '@temporalio/workflow';
import type { GateCheck, GateThresholds } from '../../domain/threat/datasets/gates';
import type { CompensationRecord } from '../../domain/saga';
import type { RetrainingOutcome } from '../../db/schema/models';

export interface GatedRetrainingInput {
  trigger: 'api' | 'schedule' | 'cli' | 'test';
  requester: string;
  /** Read from config (RETRAIN_MIN_PRECISION …) by whoever starts it; the seed's defaults otherwise. */
  gates?: GateThresholds;
  /** Below this many payload samples the run ends `insufficient_data` (the seed: 20). */
  minSamples?: number;
  /** Training seed (1) and options; defaults are `bulwark train`'s. */
  seed?: number;
  epochs?: number;
  hashBits?: number;
}

export type RetrainingStage = 'snapshot' | 'train' | 'validate' | 'register' | 'compensate' | 'done';

export interface GatedRetrainingResult {
  outcome: Exclude<RetrainingOutcome, 'running'>;
  datasetVersion: number | null;
  contentHash: string | null;
  modelId: string | null;
  /** Why it ended so: failed gates, insufficient data, the error. */
  reasons: string[];
  gates: GateCheck[];
  compensations: CompensationRecord[];
}

export interface RetrainingStatus {
  stage: RetrainingStage;
  datasetVersion: number | null;
  modelId: string | null;
}

export const retrainingStatusQuery = defineQuery<RetrainingStatus>('retrainingStatus');
