// Messages of the threat-analysis workflow, shared by the workflow, the API and tests.
import { defineQuery } from '@temporalio/workflow';

export interface ThreatAnalysisInput {
  evidenceId: string;
}

export type ThreatStage = 'fetch' | 'analyze' | 'record' | 'done';

/** analyzed: a verdict is recorded; integrity_failed: the bytes did not match their SHA-256. */
export type ThreatOutcome = 'analyzed' | 'integrity_failed' | 'failed';

export type ThreatVerdict = 'simulate' | 'tag' | 'benign';

export interface ThreatAnalysisStatus {
  workflowId: string;
  evidenceId: string;
  stage: ThreatStage;
  outcome?: ThreatOutcome;
  sha256?: string;
  verdict?: ThreatVerdict;
  confidence?: number;
  anomalyScore?: number | null;
  modelVersion?: string | null;
  narrative?: string;
  error?: string;
}

export type ThreatAnalysisResult = ThreatAnalysisStatus & { outcome: ThreatOutcome };

export const threatStatusQuery = defineQuery<ThreatAnalysisStatus>('status');
