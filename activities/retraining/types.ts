// What gatedRetraining's activities return: plain data, small (hashes and metrics, never samples).
import type { DetectionMetrics, GateCheck, GateThresholds } from '../../domain/threat/datasets/gates';

export interface RunRef {
  workflowId: string;
  runId: string;
}

export interface Snapshot {
  datasetVersion: number;
  contentHash: string;
  /** false: nothing was added since the latest version, which is reused. */
  created: boolean;
  sampleCount: number;
  payloadSamples: number;
  counts: { train: Record<string, number>; holdout: Record<string, number> };
  /** The candidate's id, fixed by the version's hash and the training options. */
  modelId: string;
  /** Why it cannot be trained on (`insufficient_data: …`), or null. */
  insufficient: string | null;
}

export interface TrainedCandidate {
  artifactKey: string;
  sha256: string;
  size: number;
  trainingSamples: number;
  seconds: number;
  threadHeapMb: number;
  processMaxRssMb: number;
  /** The artifact a previous attempt stored complete was reused. */
  resumed: boolean;
  attempt: number;
}

export interface Validation {
  candidate: DetectionMetrics;
  production: DetectionMetrics;
  productionModel: string;
  thresholds: GateThresholds;
  passed: boolean;
  checks: GateCheck[];
  reasons: string[];
}
