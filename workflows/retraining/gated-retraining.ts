// gatedRetrainingWorkflow (DESIGN §4): snapshot a dataset version → train a candidate
// (heartbeating) → validate on the holdout split against production → gates → register.
// Compensations are registered before their step (the saga helper): a failed or cancelled run
// discards the candidate's artifact and retires a model it registered, and records each undo.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetrainingActivities } from '../../activities/retraining/activities';
import type { GateCheck } from '../../domain/threat/datasets/gates';
import { SA } from '../../temporal/ids';
import { PROFILES } from '../activity-profiles';
import { failureText } from '../failure-text';
import { Saga } from '../saga';
import {
  retrainingStatusQuery,
  type GatedRetrainingInput,
  type GatedRetrainingResult,
  type RetrainingStage,
  type RetrainingStatus,
} from './gated-retraining.defs';

const record = proxyActivities<RetrainingActivities>(PROFILES.record);
const decide = proxyActivities<RetrainingActivities>(PROFILES.evaluate);
const train = proxyActivities<RetrainingActivities>(PROFILES.train);
const undo = proxyActivities<RetrainingActivities>(PROFILES.compensate);

// Kept here, not imported: workflow code imports only types from the domain.
const SEED_GATES = { minPrecision: 0.85, minRecall: 0.8, maxFpr: 0.05, minF1: 0.82 };

export async function gatedRetrainingWorkflow(input: GatedRetrainingInput): Promise<GatedRetrainingResult> {
  const { workflowId, runId } = workflowInfo();
  const status: RetrainingStatus = { stage: 'snapshot', datasetVersion: null, modelId: null };
  setHandler(retrainingStatusQuery, () => status);
  const stage = (s: RetrainingStage) => {
    status.stage = s;
  };
  upsertSearchAttributes([{ key: SA.kind, value: 'gated-retraining' }]);
  const result: GatedRetrainingResult = { outcome: 'failed', datasetVersion: null, contentHash: null, modelId: null, reasons: [], gates: [], compensations: [] };
  const finish = async (outcome: GatedRetrainingResult['outcome'], reasons: string[], gates: GateCheck[] = []) => {
    Object.assign(result, { outcome, reasons, gates });
    stage('done');
    await CancellationScope.nonCancellable(() =>
      record.closeRetrainingRecord({ runId, outcome, reasons, ...(result.modelId && { modelId: result.modelId }), compensations: result.compensations }),
    );
    upsertSearchAttributes([{ key: SA.outcome, value: outcome }]);
    return result;
  };

  const options = { seed: input.seed ?? 1, ...(input.epochs && { epochs: input.epochs }), ...(input.hashBits && { hashBits: input.hashBits }) };
  const saga = new Saga();
  try {
    // The first activity also checks the options as given (hashBits 0 included), with the API's
    // schema: a run started directly fails here, InvalidInput, its record closed with the reason.
    const given = { seed: input.seed, epochs: input.epochs, hashBits: input.hashBits, minSamples: input.minSamples };
    await record.openRetrainingRecord({ workflowId, runId, trigger: input.trigger, requester: input.requester, options: given });
    const snap = await record.snapshotTrainingData({ runId, requester: input.requester, options, ...(input.minSamples !== undefined && { minSamples: input.minSamples }) });
    Object.assign(result, { datasetVersion: snap.datasetVersion, contentHash: snap.contentHash });
    status.datasetVersion = snap.datasetVersion;
    if (snap.insufficient) return await finish('insufficient_data', [snap.insufficient]);

    stage('train');
    status.modelId = snap.modelId;
    saga.add(`train ${snap.modelId}`, () => undo.discardCandidateArtifact({ modelId: snap.modelId }));
    const trained = await train.trainCandidateModel({ runId, datasetVersion: snap.datasetVersion, contentHash: snap.contentHash, modelId: snap.modelId, options });

    stage('validate');
    const validation = await decide.validateCandidateModel({ runId, datasetVersion: snap.datasetVersion, artifactKey: trained.artifactKey, sha256: trained.sha256, gates: input.gates ?? SEED_GATES, modelId: snap.modelId });
    if (!validation.passed) {
      // A rejected candidate leaves no artifact behind; its metrics stay on the run's record.
      stage('compensate');
      result.compensations = (await saga.compensate()).steps;
      return await finish('gates_failed', validation.reasons, validation.checks);
    }

    stage('register');
    saga.add(`register ${snap.modelId}`, () => undo.retireCandidateModel({ modelId: snap.modelId }));
    const reg = await record.registerCandidateModel({ workflowId, runId, snapshot: snap, trained, validation });
    result.modelId = reg.modelId;
    return await finish('registered', [], validation.checks);
  } catch (err) {
    stage('compensate');
    result.compensations = (await saga.compensate()).steps;
    await finish(isCancellation(err) ? 'cancelled' : 'failed', [failureText(err)]);
    // Refused input fails the run with the activity's typed, non-retryable failure itself.
    throw err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'InvalidInput' ? err.cause : err;
  }
}
